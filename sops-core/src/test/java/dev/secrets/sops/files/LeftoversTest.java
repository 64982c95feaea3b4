package dev.secrets.sops.files;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The sweep removes only what a dead process of this pid namespace left, and follows no link. */
class LeftoversTest {
    @TempDir
    Path tmp;

    @Test
    void sweepsDeadProcessesOnly() throws Exception {
        String tag = Leftovers.tag();
        assumeFalse(tag.isEmpty(), "no /proc: names carry no tag and nothing is swept");
        String ns = tag.substring(0, tag.indexOf('-'));
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        long dead = done.pid();
        long alive = ProcessHandle.current().parent().orElseThrow().pid();

        Path mine = Files.createDirectory(tmp.resolve("secrets-edit-" + tag + "1"));
        Path stale = Files.createDirectories(tmp.resolve("secrets-edit-" + ns + "-" + dead + "-2/sub"));
        Files.writeString(stale.resolve("plain"), "x");
        Path live = Files.createDirectory(tmp.resolve("secrets-edit-" + ns + "-" + alive + "-3"));
        Path otherNamespace = Files.createDirectory(tmp.resolve("secrets-edit-1-" + dead + "-4"));
        Path untagged = Files.createDirectory(tmp.resolve("secrets-edit-12345678901234"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("secrets-edit-" + ns + "-" + dead + "-5"), outside);

        Leftovers.sweep(tmp, "secrets-edit-", "", mine);

        assertFalse(Files.exists(stale.getParent()), "a dead process's folder stays");
        assertTrue(Files.exists(mine));
        assertTrue(Files.exists(live), "a live process's folder was removed");
        assertTrue(Files.exists(otherNamespace), "another pid namespace's folder was removed");
        assertTrue(Files.exists(untagged));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link itself is stale");
        assertTrue(Files.exists(outside.resolve("keep")), "the sweep followed a link");
    }

    @Test
    void atomicFileTempsOfADeadRunAreRemovedOnTheNextWriteOfTheSameName() throws Exception {
        String tag = Leftovers.tag();
        assumeFalse(tag.isEmpty());
        String ns = tag.substring(0, tag.indexOf('-'));
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Path stale = Files.writeString(tmp.resolve("..env." + ns + "-" + done.pid() + "-77.tmp"), "PLAIN=1\n");
        Path otherName = Files.writeString(tmp.resolve(".other." + ns + "-" + done.pid() + "-78.tmp"), "x");
        AtomicFile.write(tmp.resolve(".env"), "A=1\n".getBytes(), AtomicFile.OWNER_ONLY);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(otherName), "only temps of the file being written are swept");
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("..env.")), "no temp of this run left");
        }
    }
}
