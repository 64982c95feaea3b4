package dev.secrets.cli;

import dev.secrets.sops.files.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes plaintext files whatever happens: on {@link #close()} (normal end, exception) and from a
 * JVM shutdown hook (Ctrl-C, SIGTERM, and the signals {@link FatalSignals} turns into an exit). A child process registered here is stopped by the hook too,
 * so compose or an editor does not outlive the plaintext it was given.
 */
public final class PlaintextGuard implements AutoCloseable {
    private final Context ctx;
    private final List<Path> paths = new ArrayList<>();
    private volatile Process child;
    private volatile boolean shuttingDown;
    private final Thread hook = new Thread(this::cleanUp, "secrets-plaintext-cleanup");
    private boolean hookInstalled;

    public PlaintextGuard(Context ctx) {
        this.ctx = ctx;
        FatalSignals.install(ctx); // SIGUSR1 and the like clean up as SIGTERM does
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            hookInstalled = true;
        } catch (IllegalStateException e) {
            hookInstalled = false; // already shutting down: close() still cleans up
        }
    }

    /** Registers a file (or an empty folder, listed after its files) to remove. */
    public synchronized void add(Path path) {
        paths.add(path);
    }

    /** Takes a path off the list: it is to stay (deploy's secret files once the stack is up). */
    public synchronized void keep(Path path) {
        paths.remove(path);
    }

    public void child(Process process) {
        this.child = process;
    }

    /** Whether the JVM is ending (a signal, Ctrl-C): the hook has started the clean-up. */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    private synchronized void cleanUp() {
        if (Thread.currentThread() == hook) {
            shuttingDown = true; // read without the lock by the verb's thread, which sees its child die
        }
        Process p = child;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                // let the editor or command finish writing (swap, backup files) before the folder goes
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    // and reaped: once this JVM is gone, an unreaped child stays a zombie where the
                    // container's pid 1 does not reap orphans
                    p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            // a write of it that the signal cut short leaves this process's temp file beside it
            dev.secrets.sops.files.AtomicFile.removeOwnTempFiles(paths.get(i));
            try {
                ctx.log("removing plaintext " + paths.get(i));
                FileTrees.delete(paths.get(i)); // editor backups and swap files hold plaintext too
            } catch (IOException e) {
                ctx.err().println("secrets: could not remove plaintext " + paths.get(i) + ": "
                        + e.getClass().getSimpleName());
            }
        }
        paths.clear();
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
