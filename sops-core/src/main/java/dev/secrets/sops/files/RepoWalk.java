package dev.secrets.sops.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Walks a repo's folders and files, never into version-control data, build output, dependencies or our backups. */
public final class RepoWalk {
    /** Folders never searched: VCS data, build output, dependencies, our own backups. */
    public static final Set<String> SKIPPED = Set.of(".git", "target", "build", "node_modules", ".secrets-backup");

    private RepoWalk() {
    }

    /**
     * Calls {@code folders} for every folder (the root first) and {@code files} for every other entry
     * with its attributes; links are not followed.
     */
    public static void walk(Path root, Consumer<Path> folders, BiConsumer<Path, BasicFileAttributes> files) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    folders.accept(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    files.accept(file, attrs);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
