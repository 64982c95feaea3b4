package dev.secrets.sops.files;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the class promises, file by file: modes (0600 for secrets whatever was there, an existing
 * file's mode kept otherwise), links written through (never replaced), names that exist never
 * overwritten by {@code createExclusive}, sops' exit codes, and no temp file left behind after a
 * success or a failure. (That a crash leaves the old or the new file is CrashSafetyTest's and
 * BulkRotationTest's, with real kills.)
 */
class AtomicFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void modes() throws Exception {
        Path plain = dir.resolve("a.enc");
        AtomicFile.write(plain, bytes("one"), false);
        assertEquals("rw-r--r--", mode(plain), "a new file is 0644");

        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(plain, bytes("two"), false);
        assertEquals("rw-r-----", mode(plain), "an existing file keeps its mode");
        assertArrayEquals(bytes("two"), Files.readAllBytes(plain));

        Path secret = dir.resolve(".env");
        Files.write(secret, bytes("old"));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-rw-rw-"));
        AtomicFile.write(secret, bytes("S=1"), true);
        assertEquals("rw-------", mode(secret), "secret content is 0600 whatever the old file's mode");

        Path fresh = dir.resolve("fresh.env");
        AtomicFile.write(fresh, bytes("S=1"), true);
        assertEquals("rw-------", mode(fresh));
        assertEquals(List.of(".env", "a.enc", "fresh.env"), names(), "no temp file left");
    }

    @Test
    void aLinkIsWrittenThroughAndStaysALink() throws Exception {
        Path real = Files.writeString(dir.resolve("real.enc"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.enc"), real.getFileName());
        AtomicFile.write(link, bytes("new"), false);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));

        Path broken = Files.createSymbolicLink(dir.resolve("broken.enc"), dir.resolve("nowhere"));
        SopsException e = assertThrows(SopsException.class, () -> AtomicFile.write(broken, bytes("x"), false));
        assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, e.exitCode());
        assertTrue(e.getMessage().contains("broken.enc"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    @Test
    void aFailedReplaceLeavesTheTargetAndNoTempFile() throws Exception {
        Path target = dir.resolve("folder.enc");
        Files.createDirectories(target.resolve("inside")); // a non-empty folder cannot be renamed over
        SopsException e = assertThrows(SopsException.class, () -> AtomicFile.write(target, bytes("x"), true));
        assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, e.exitCode());
        assertTrue(e.getMessage().startsWith("could not write " + target), e.getMessage());
        assertTrue(Files.isDirectory(target.resolve("inside")));
        assertEquals(List.of("folder.enc"), names(), "the temp file (it held the content) is removed");
    }

    /** An I/O failure is one line naming the target, the kind of failure and what the system said of it. */
    @Test
    void aWriteIntoAMissingFolderNamesTheTargetAndTheCause() {
        Path missing = dir.resolve("gone");
        Path target = missing.resolve("x.enc");
        for (Runnable write : List.<Runnable>of(() -> AtomicFile.write(target, bytes("x"), true),
                () -> AtomicFile.createExclusive(target, bytes("x")))) {
            SopsException e = assertThrows(SopsException.class, write::run);
            assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, e.exitCode());
            assertTrue(e.getMessage().startsWith("could not write " + target + ": NoSuchFileException " + missing),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertFalse(Files.exists(missing));
    }

    @Test
    void createExclusiveNeverOverwrites() throws Exception {
        Path target = dir.resolve("backup.enc");
        AtomicFile.createExclusive(target, bytes("first"));
        assertEquals("first", Files.readString(target));
        assertEquals("rw-------", mode(target));
        assertEquals(List.of("backup.enc"), names(), "the temp file linked to the name is gone");

        SopsException again = assertThrows(SopsException.class, () -> AtomicFile.createExclusive(target, bytes("second")));
        assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, again.exitCode());
        assertEquals(target + ": already exists, not overwriting it", again.getMessage());
        assertEquals("first", Files.readString(target));

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.enc"), dir.resolve("elsewhere"));
        assertThrows(SopsException.class, () -> AtomicFile.createExclusive(dangling, bytes("x")));
        assertFalse(Files.exists(dir.resolve("elsewhere")), "nothing written through a dangling link");
        assertEquals(List.of("backup.enc", "dangling.enc"), names());
    }

    @Test
    void readNamesTheFileWithSopsExitCodes() throws Exception {
        Path missing = dir.resolve("missing.enc");
        SopsException none = assertThrows(SopsException.class, () -> AtomicFile.read(missing));
        assertEquals(ExitCodes.NO_FILE_SPECIFIED, none.exitCode());
        assertEquals(missing + ": file does not exist", none.getMessage());
        SopsException folder = assertThrows(SopsException.class, () -> AtomicFile.read(dir));
        assertEquals(ExitCodes.COULD_NOT_READ_INPUT_FILE, folder.exitCode());
        assertTrue(folder.getMessage().startsWith(dir + ": could not read"), folder.getMessage());
        Path file = Files.write(dir.resolve("f"), bytes("content"));
        assertArrayEquals(bytes("content"), AtomicFile.read(file));
    }

    @Test
    void tempNames() {
        assertTrue(AtomicFile.isTempName(".env.enc.1-2-3.tmp"));
        assertFalse(AtomicFile.isTempName("env.enc.tmp"), "not hidden");
        assertFalse(AtomicFile.isTempName(".env.enc"), "not .tmp");
        assertFalse(AtomicFile.isTempName("notes.txt"));
    }

    @Test
    void aShutdownRemovesThisProcesssTempFilesOfATargetOnly() throws Exception {
        Path env = dir.resolve(".env");
        // a write a signal cut short: its temp file (0600, holding plaintext) and no target yet
        Path mine = AtomicFile.tempFile(dir, ".env");
        Files.write(mine, bytes("TOKEN=half"));
        // another live process's temp file for the same name (pid 1 is always alive), and ours for another file
        String other = ".env." + Leftovers.tag().replaceFirst("-\\d+-$", "-1-") + "123.tmp";
        Files.write(dir.resolve(other), bytes("x"));
        Path otherTarget = AtomicFile.tempFile(dir, ".env.enc");
        assertTrue(Leftovers.tag().length() > 0, "no pid namespace tag on this machine");

        AtomicFile.removeOwnTempFiles(env);
        assertFalse(Files.exists(mine));
        assertEquals(Stream.of(other, otherTarget.getFileName().toString()).sorted().toList(), names());
    }
}
