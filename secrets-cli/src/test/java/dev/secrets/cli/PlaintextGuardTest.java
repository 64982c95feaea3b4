package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.files.Leftovers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the guard removes when a verb ends or the JVM is stopped (the hook runs the same clean-up). */
class PlaintextGuardTest {
    @TempDir
    Path dir;

    @Test
    void removesTheFileAndTheTempFileOfAWriteCutShort() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "TOKEN=plain");
        // what AtomicFile leaves when a signal ends the run between its temp file and the rename
        assertTrue(Leftovers.tag().length() > 0, "no pid namespace tag on this machine");
        Path half = dir.resolve("..env." + Leftovers.tag() + "8841.tmp");
        Files.writeString(half, "TOKEN=pla");
        Path unrelated = dir.resolve("compose.yaml");
        Files.writeString(unrelated, "services: {}\n");
        Context ctx = Context.of(new java.io.ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), Map.of(), dir);
        try (PlaintextGuard guard = new PlaintextGuard(ctx)) {
            guard.add(env);
        }
        assertFalse(Files.exists(env));
        assertFalse(Files.exists(half), "the temp file of the cut write holds plaintext");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(unrelated), left.toList());
        }
    }
}
