package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.TestKey;
import dev.secrets.sops.tree.TreePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No lost update: saves that race on one file keep every writer's change, or refuse without writing. */
class SopsFileConcurrencyTest {
    private static final Store DOTENV = Stores.of(Format.DOTENV);

    @TempDir
    Path tmp;

    private final TestKey key = TestKey.generate();

    private Path file(String plaintext, TestKey... recipients) {
        Path f = tmp.resolve("app.env.enc");
        byte[] enc = Sops.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), Format.DOTENV, EncryptionRule.of(List.of(recipients)));
        AtomicFile.write(f, enc, false);
        return f;
    }

    private static Map<String, Object> values(Path f, Identity id) {
        try (SopsFile opened = SopsFile.open(f, DOTENV, List.of(id), false)) {
            return opened.decrypted().toMap();
        }
    }

    @Test
    void twoWritersOfDifferentKeysBothLand() {
        Path f = file("A=1\nB=2\n", key);
        try (SopsFile first = SopsFile.open(f, DOTENV, List.of(key), false);
             SopsFile second = SopsFile.open(f, DOTENV, List.of(key), false)) {
            TreePath.key("A").set(first.documents().get(0), "first");
            TreePath.key("B").set(second.documents().get(0), "second");
            first.save();
            second.save(); // opened before first saved: merges instead of overwriting
        }
        assertEquals(Map.of("A", "first", "B", "second"), values(f, key));
    }

    @Test
    void sameKeyChangedDifferentlyIsRefusedAndNothingIsWritten() {
        Path f = file("A=1\nB=2\n", key);
        try (SopsFile first = SopsFile.open(f, DOTENV, List.of(key), false);
             SopsFile second = SopsFile.open(f, DOTENV, List.of(key), false)) {
            TreePath.key("A").set(first.documents().get(0), "first");
            TreePath.key("A").set(second.documents().get(0), "second");
            first.save();
            byte[] afterFirst = AtomicFile.read(f);
            ConcurrentChangeException e = assertThrows(ConcurrentChangeException.class, second::save);
            assertEquals(List.of("[\"A\"]"), e.conflicts());
            assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, e.exitCode());
            assertEquals(false, e.getMessage().contains("second") || e.getMessage().contains("first"), e.getMessage());
            assertArrayEquals(afterFirst, AtomicFile.read(f));
        }
        assertEquals(Map.of("A", "first", "B", "2"), values(f, key));
    }

    /** A save after a rotation writes under the new key and recipients: the removed member stays out. */
    @Test
    void saveAfterRotationKeepsTheNewKeyAndRecipients() {
        TestKey removed = TestKey.generate();
        Path f = file("A=1\nB=2\n", key, removed);
        try (SopsFile stale = SopsFile.open(f, DOTENV, List.of(key), false)) {
            byte[] rotated = KeyRotation.rotate(AtomicFile.read(f), DOTENV, EncryptionRule.of(List.of(key)), List.of(key));
            AtomicFile.write(f, rotated, false);
            TreePath.key("B").set(stale.documents().get(0), "changed");
            stale.save();
        }
        assertEquals(Map.of("A", "1", "B", "changed"), values(f, key));
        SopsException out = assertThrows(SopsException.class, () -> values(f, removed));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, out.exitCode(), out.getMessage());
    }

    @Test
    void sixteenConcurrentWritersOfDistinctKeysAllLand() throws Exception {
        Path f = file("BASE=0\n", key);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String k = "K" + i;
                done.add(pool.submit(() -> {
                    try (SopsFile opened = SopsFile.open(f, DOTENV, List.of(key), false)) {
                        TreePath.key(k).set(opened.documents().get(0), "v-" + k);
                        opened.save();
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> values = values(f, key);
        assertEquals(17, values.size(), values.keySet().toString());
        for (int i = 0; i < 16; i++) {
            assertEquals("v-K" + i, values.get("K" + i));
        }
    }

    @Test
    void aFileCreatedMeanwhileIsNotOverwritten() {
        Path f = tmp.resolve("app.env.enc");
        try (SopsFile created = SopsFile.create(f, DOTENV, DOTENV.loadPlain("A=1\n".getBytes(StandardCharsets.UTF_8)),
                EncryptionRule.of(List.of(key)))) {
            file("A=other\n", key); // someone else writes the file first
            assertThrows(ConcurrentChangeException.class, created::save);
        }
        assertEquals(Map.of("A", "other"), values(f, key));
    }
}
