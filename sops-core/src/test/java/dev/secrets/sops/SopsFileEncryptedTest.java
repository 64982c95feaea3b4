package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.TestKey;
import dev.secrets.sops.tree.TreePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SopsFile#encrypted()}: the bytes a save would write, without writing (renew's prepare step). */
class SopsFileEncryptedTest {
    private static final Store DOTENV = Stores.of(Format.DOTENV);

    @TempDir
    Path tmp;

    /** {@code DIR/app.env.enc}: A=1 and B=2, encrypted for the key. */
    static Path encryptedDotenv(Path dir, TestKey key) {
        Path f = dir.resolve("app.env.enc");
        AtomicFile.write(f, Sops.encrypt("A=1\nB=2\n".getBytes(StandardCharsets.UTF_8), Format.DOTENV,
                EncryptionRule.of(List.of(key))), false);
        return f;
    }

    @Test
    void encryptedIsTheChangedFileUnderTheSameKeyAndNothingIsWritten() {
        TestKey key = TestKey.generate();
        Path f = encryptedDotenv(tmp, key);
        byte[] before = AtomicFile.read(f);
        byte[] next;
        try (SopsFile opened = SopsFile.open(f, DOTENV, List.of(key), false)) {
            TreePath.key("B").set(opened.documents().get(0), "changed");
            next = opened.encrypted();
        }
        assertArrayEquals(before, AtomicFile.read(f), "encrypted() wrote the file");
        try (DecryptedFile d = Sops.decrypt(next, DOTENV, List.of(key), false)) {
            assertEquals(Map.of("A", "1", "B", "changed"), d.toMap());
        }
        // the unchanged value keeps its ciphertext line
        assertEquals(line(before, "A="), line(next, "A="));
    }

    private static String line(byte[] file, String prefix) {
        for (String l : new String(file, StandardCharsets.UTF_8).split("\n")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no " + prefix);
    }
}
