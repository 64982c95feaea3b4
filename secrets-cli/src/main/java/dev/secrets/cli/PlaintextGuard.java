package dev.secrets.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes plaintext files whatever happens: on {@link #close()} (normal end, exception) and from a
 * JVM shutdown hook (Ctrl-C, SIGTERM). A child process registered here is stopped by the hook too,
 * so compose or an editor does not outlive the plaintext it was given.
 */
final class PlaintextGuard implements AutoCloseable {
    private final List<Path> paths = new ArrayList<>();
    private volatile Process child;
    private final Thread hook = new Thread(this::cleanUp, "secrets-plaintext-cleanup");
    private boolean hookInstalled;

    PlaintextGuard() {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            hookInstalled = true;
        } catch (IllegalStateException e) {
            hookInstalled = false; // already shutting down: close() still cleans up
        }
    }

    /** Registers a file (or an empty folder, listed after its files) to remove. */
    synchronized void add(Path path) {
        paths.add(path);
    }

    void child(Process process) {
        this.child = process;
    }

    private synchronized void cleanUp() {
        Process p = child;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                // let the editor or command finish writing (swap, backup files) before the folder goes
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            try {
                Verbose.log("removing plaintext " + paths.get(i));
                deleteTree(paths.get(i));
            } catch (IOException e) {
                System.err.println("secrets: could not remove plaintext " + paths.get(i) + ": "
                        + e.getClass().getSimpleName());
            }
        }
        paths.clear();
    }

    /** A file, or a folder with everything in it (editor backups and swap files hold plaintext too). */
    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(path)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public void close() {
        cleanUp();
        if (hookInstalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook is running or has run
            }
        }
    }
}
