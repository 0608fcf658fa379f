package io.flowpolicy.local;

/**
 * A JVM shutdown hook for the lifetime of one command: Ctrl-C or SIGTERM runs it, and closing it when the command
 * ends on its own takes it off again, so commands run one after another in one JVM (the tests do) leave no hooks
 * behind that would act on services long closed.
 */
final class ShutdownHook implements AutoCloseable {
    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    static ShutdownHook install(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and this hook is running (or about to); it is not ours to take off any more.
        }
    }
}
