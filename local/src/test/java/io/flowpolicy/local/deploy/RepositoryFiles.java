package io.flowpolicy.local.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of the repository from a test running in a module directory. */
public final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** The repository root: the nearest directory upwards holding the parent POM and a {@code local} module. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("local")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
