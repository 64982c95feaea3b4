package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard that removes plaintext whatever happens (HELPERS: "removed in finally and on shutdown"):
 * what it was given is gone after close, folders with what an editor left in them included, what it
 * was told to keep stays, and a child still running is stopped first: promptly when it obeys SIGTERM,
 * by force after the grace period when it does not.
 */
class PlaintextGuardTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Context ctx() {
        return Context.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), tmp);
    }

    @Test
    void closeRemovesFilesAndFoldersItWasGivenAndKeepsWhatItWasToldTo() throws IOException {
        Path env = Files.writeString(tmp.resolve(".env"), "A=secret\n");
        Path folder = Files.createDirectory(tmp.resolve("edit"));
        Files.writeString(folder.resolve("file"), "secret");
        Files.writeString(folder.resolve(".file.swp"), "secret"); // an editor's swap file, not registered
        Path kept = Files.createDirectory(tmp.resolve("kept"));
        Files.writeString(kept.resolve("KEY"), "secret");
        Path never = tmp.resolve("never-written"); // registered before it exists: no error
        try (PlaintextGuard guard = new PlaintextGuard(ctx())) {
            guard.add(folder);
            guard.add(folder.resolve("file"));
            guard.add(env);
            guard.add(never);
            guard.add(kept);
            guard.keep(kept);
            assertTrue(Files.exists(env), "removed before close");
        }
        assertFalse(Files.exists(env), ".env left");
        assertFalse(Files.exists(folder), "folder left");
        assertFalse(Files.exists(never));
        assertTrue(Files.exists(kept.resolve("KEY")), "a kept folder was removed");
        assertEquals("", err.toString(StandardCharsets.UTF_8), "an error was reported");
    }

    @Test
    void aSecondCloseRemovesNothingRegisteredAgainLater() throws IOException {
        Path env = tmp.resolve(".env");
        PlaintextGuard guard = new PlaintextGuard(ctx());
        guard.add(env);
        guard.close();
        Files.writeString(env, "A=a file of someone else's with the same name\n");
        guard.close(); // e.g. the hook after close: the list was emptied
        assertTrue(Files.exists(env));
    }

    @Test
    void aRunningChildIsStoppedBeforeThePlaintextGoes() throws Exception {
        Path env = Files.writeString(tmp.resolve(".env"), "A=secret\n");
        Process child = new ProcessBuilder("sleep", "60").start();
        long start = System.nanoTime();
        try (PlaintextGuard guard = new PlaintextGuard(ctx())) {
            guard.add(env);
            guard.child(child);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertFalse(child.isAlive(), "the child outlived the guard");
        assertFalse(Files.exists(env));
        // SIGTERM first: a child that obeys it is not made to wait out the 5-second grace period
        assertTrue(ms < 4000, "close took " + ms + " ms");
        assertEquals(143, child.exitValue(), "not ended by SIGTERM");
    }

    @Test
    void aChildIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Path ready = tmp.resolve("ready");
        Process child = new ProcessBuilder("sh", "-c", "trap '' TERM; touch '" + ready + "'; while :; do sleep 1; done").start();
        for (int i = 0; i < 200 && !Files.exists(ready); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(ready), "the child did not start");
        try (PlaintextGuard guard = new PlaintextGuard(ctx())) {
            guard.child(child);
        }
        // SIGKILL is sent and awaited, so the child is reaped by this JVM, not left to pid 1
        assertFalse(child.isAlive(), "a child ignoring SIGTERM outlived the guard");
        assertEquals(137, child.exitValue(), "not ended by SIGKILL");
    }

    @Test
    void removesTheTempFileOfAWriteCutShort() throws Exception {
        Path env = Files.writeString(tmp.resolve(".env"), "TOKEN=plain");
        // what AtomicFile leaves when a signal ends the run between its temp file and the rename
        assertTrue(dev.secrets.sops.files.Leftovers.tag().length() > 0, "no pid namespace tag on this machine");
        Path half = Files.writeString(tmp.resolve("..env." + dev.secrets.sops.files.Leftovers.tag() + "8841.tmp"), "TOKEN=pla");
        Path unrelated = Files.writeString(tmp.resolve("compose.yaml"), "services: {}\n");
        try (PlaintextGuard guard = new PlaintextGuard(ctx())) {
            guard.add(env);
        }
        assertFalse(Files.exists(env));
        assertFalse(Files.exists(half), "the temp file of the cut write holds plaintext");
        try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
            assertEquals(java.util.List.of(unrelated), left.toList());
        }
    }
}
