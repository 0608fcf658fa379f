package io.flowpolicy.ingest.file;

import io.flowpolicy.model.RejectedLine;
import java.util.function.Function;

/** What one line of an input file turned into: a value, or a rejection naming the file and line number. */
public sealed interface SourceLine<T> {
    /** The accepted value turned into another; a rejection stays as it is. */
    <U> SourceLine<U> map(Function<? super T, ? extends U> f);

    record Accepted<T>(T value) implements SourceLine<T> {
        @Override
        public <U> SourceLine<U> map(Function<? super T, ? extends U> f) {
            return new Accepted<>(f.apply(value));
        }
    }

    record Rejected<T>(RejectedLine rejection) implements SourceLine<T> {
        @Override
        public <U> SourceLine<U> map(Function<? super T, ? extends U> f) {
            return new Rejected<>(rejection);
        }
    }
}
