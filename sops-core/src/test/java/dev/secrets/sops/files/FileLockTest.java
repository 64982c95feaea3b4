package dev.secrets.sops.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock folder: another local user can create {@code /dev/shm/secrets-locks-USER} first (a link,
 * or a folder anyone may write); the locks then go to {@code ~/.cache/secrets/locks}, and they still
 * exclude each other. The user name and home are swapped for the test so the real folder is untouched.
 */
class FileLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSquattedLockFolderIsNotUsedAndLocksStillExclude() throws Exception {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        String user = "locktest-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        String oldUser = System.getProperty("user.name");
        String oldHome = System.getProperty("user.home");
        Path squat = base.resolve("secrets-locks-" + user);
        Path target = tmp.resolve("app.env.enc");
        try {
            System.setProperty("user.name", user);
            for (String kind : new String[] {"link", "world-writable"}) {
                System.setProperty("user.home", tmp.resolve("home-" + kind).toString());
                if (kind.equals("link")) {
                    Files.createSymbolicLink(squat, tmp); // points into a folder someone else chose
                } else {
                    Files.createDirectory(squat);
                    Files.setPosixFilePermissions(squat, PosixFilePermissions.fromString("rwxrwxrwx"));
                }
                try (FileLock held = FileLock.acquire(target)) {
                    Path fallback = tmp.resolve("home-" + kind + "/.cache/secrets/locks");
                    try (Stream<Path> locks = Files.list(fallback)) {
                        assertEquals(1, locks.filter(p -> p.toString().endsWith(".lock")).count(), kind);
                    }
                    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fallback)));
                    assertTrue(Files.isSymbolicLink(squat) || isEmpty(squat), kind + ": a lock file went into the squatted folder");
                    FileLock second = java.util.concurrent.CompletableFuture.supplyAsync(() -> FileLock.tryAcquire(target)).get();
                    assertNull(second, kind + ": a second lock on the same file was granted");
                }
                FileLock again = FileLock.tryAcquire(target);
                assertNotNull(again, kind + ": released");
                again.close();
                Files.delete(squat);
            }
        } finally {
            System.setProperty("user.name", oldUser);
            System.setProperty("user.home", oldHome);
            Files.deleteIfExists(squat);
        }
    }

    private static boolean isEmpty(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
