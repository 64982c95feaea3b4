package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
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
 * Plaintext is never written through a symbolic link, by either form of {@link Writes#atomic} (the
 * verbs check before, this is the last line: export, edit and exec-file rely on it).
 */
class WritesTest {
    @TempDir
    Path tmp;

    Context ctx() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return Context.of(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of(), tmp);
    }

    @Test
    void plaintextIsNeverWrittenThroughALink() throws IOException {
        Path target = Files.writeString(tmp.resolve("elsewhere"), "untouched");
        Path link = Files.createSymbolicLink(tmp.resolve(".env"), target);
        byte[] secret = "A=secret\n".getBytes(StandardCharsets.UTF_8);
        SopsException e = assertThrows(SopsException.class, () -> Writes.atomic(ctx(), link, secret, AtomicFile.OWNER_ONLY));
        assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, e.exitCode());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        e = assertThrows(SopsException.class, () -> Writes.atomic(ctx(), link, secret, true));
        assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, e.exitCode());
        assertEquals("untouched", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void writesGetTheModeAsked() throws IOException {
        Path file = tmp.resolve("plain");
        Writes.atomic(ctx(), file, "x".getBytes(StandardCharsets.UTF_8), true);
        assertEquals("rw-------", PosixModes.of(file));
        Path world = tmp.resolve("world");
        Writes.atomic(ctx(), world, "public".getBytes(StandardCharsets.UTF_8),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("rw-r--r--", PosixModes.of(world));
    }
}
