package dev.secrets.sops.files;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file that is replaced by rename: every writer of the file takes it before
 * it reads the current bytes and holds it until its rename is done, so two writers never both
 * decide from the same old version. The lock is an OS lock (fcntl) on a sibling file
 * {@code .NAME.lock} (0600, empty, kept: removing it would let two writers lock different inodes),
 * plus an in-process lock, since one JVM cannot hold two OS locks on one file. Released on close,
 * and by the OS when the process dies.
 */
public final class FileLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;

    private FileLock(ReentrantLock local, FileChannel channel) {
        this.local = local;
        this.channel = channel;
    }

    /** The name of the lock file beside a target. */
    public static Path lockFileOf(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /** Waits for the lock on {@code target} (which need not exist yet). */
    public static FileLock acquire(Path target) {
        Path lockFile = lockFileOf(target);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(AtomicFile.OWNER_ONLY));
            channel.lock();
            return new FileLock(local, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not lock " + target + ": "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        closeQuietly(channel); // releases the OS lock
        local.unlock();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the descriptor
            }
        }
    }
}
