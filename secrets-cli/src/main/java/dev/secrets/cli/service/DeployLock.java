package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.sops.files.FileLock;
import java.nio.file.Path;

/**
 * One deploy of a service at a time: held from the check that no {@code .env} is in the way until
 * that {@code .env} is removed, so a second deploy neither overwrites the first's file nor has its
 * own removed by the first's clean-up. The second waits, and says so. The OS lock goes with the
 * process, so a killed deploy does not block the next one.
 */
final class DeployLock {
    private DeployLock() {
    }

    static FileLock take(Context ctx, Path env) {
        FileLock lock = FileLock.tryAcquire(env);
        if (lock != null) {
            return lock;
        }
        ctx.err().println("secrets: another deploy of " + env.getParent() + " is running; waiting for it to end");
        return FileLock.acquire(env);
    }
}
