package dev.secrets.sops.files;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file that is replaced by rename: every writer of the file takes it before
 * it reads the current bytes and holds it until its rename is done, so two writers never both
 * decide from the same old version. It is an OS lock (fcntl) on a lock file named after the
 * target's real path, in the user's private lock folder ({@code /dev/shm/secrets-locks-USER}, else
 * the temp folder; 0700), so the repo's folders stay clean; plus an in-process lock, since one JVM
 * cannot hold two OS locks on one file. The OS releases it when the process dies. Writers running
 * as other users take other locks: for them the save's comparison still catches a change, all but
 * one that lands in the instant between comparison and rename.
 */
public final class FileLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;

    private FileLock(ReentrantLock local, FileChannel channel) {
        this.local = local;
        this.channel = channel;
    }

    /** The lock on {@code target} if no one holds it now, else null (to say what is waited for). */
    public static FileLock tryAcquire(Path target) {
        return take(target, false);
    }

    /** Waits for the lock on {@code target} (which need not exist yet; its folder must). */
    public static FileLock acquire(Path target) {
        return take(target, true);
    }

    private static FileLock take(Path target, boolean wait) {
        Path lockFile;
        try {
            lockFile = lockFileOf(target);
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not lock " + target + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        if (wait) {
            local.lock();
        } else if (!local.tryLock()) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(AtomicFile.OWNER_ONLY));
            if (wait) {
                channel.lock();
            } else if (channel.tryLock() == null) {
                closeQuietly(channel);
                local.unlock();
                return null;
            }
            return new FileLock(local, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not lock " + target + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** The lock file of a target: the SHA-256 of its real path (folder resolved, links followed). */
    static Path lockFileOf(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Path real = (parent == null ? abs : parent.toRealPath().resolve(abs.getFileName()));
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(real.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return lockFolder().resolve(HexFormat.of().formatHex(digest, 0, 16) + ".lock");
    }

    /**
     * The user's lock folder, created 0700: {@code /dev/shm/secrets-locks-USER} (memory, gone at
     * reboot), else the temp folder's. One of that name that someone else made (any local user can
     * create it first in a shared /dev/shm) is not used: the locks then live in
     * {@code ~/.cache/secrets/locks}, which every process of the user finds the same way, so they
     * still exclude each other, and nobody else can stop this user's writes.
     */
    private static Path lockFolder() throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = base.resolve("secrets-locks-" + System.getProperty("user.name"));
        if (ownFolder(dir, base)) {
            return dir;
        }
        Path fallback = Path.of(System.getProperty("user.home"), ".cache", "secrets", "locks");
        Files.createDirectories(fallback.getParent());
        if (!ownFolder(fallback, fallback.getParent())) {
            throw new IOException(dir + " and " + fallback + " are not folders of this user's");
        }
        return fallback;
    }

    /** Creates {@code dir} 0700, or tells whether the existing one is a folder of this user's (not a link). */
    private static boolean ownFolder(Path dir, Path base) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return true;
        } catch (FileAlreadyExistsException e) {
            Path probe = Files.createTempFile(base, ".secrets-owner-", ".tmp");
            try {
                return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe))
                        && !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))
                                .matches("....w....|.......w.");
            } finally {
                Files.deleteIfExists(probe);
            }
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
