package dev.secrets.sops.stores;

import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.Flattening;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Nesting deeper than {@link Store#MAX_DEPTH} is refused by the parsers (fuzzing finding: a 9000-deep
 * JSON array overflowed the stack in the reader, a 3000-deep one in TreeCipher, a 5000-deep YAML map
 * in the duplicate-key check); the deepest accepted file still encrypts and writes on a 1 MB stack.
 */
class DepthLimitTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(int depth) {
        return "{\"a\":" + "[".repeat(depth) + "\"x\"" + "]".repeat(depth) + "}";
    }

    private static String yaml(int depth) {
        return "a: " + "{b: ".repeat(depth) + "c" + "}".repeat(depth) + "\n";
    }

    @Test
    void deeperThanTheLimitIsRefused() {
        assertEquals("Could not unmarshal input data: exceeded max depth of 1000",
                assertThrows(SopsException.class, () -> Stores.of(Format.JSON).loadPlain(utf8(json(9000)))).getMessage());
        assertEquals("yaml: line 1: exceeded max depth of 1000",
                assertThrows(SopsException.class, () -> Stores.of(Format.YAML).loadPlain(utf8(yaml(5000)))).getMessage());
        String aliases = "a0: &a0 " + "[".repeat(900) + "x" + "]".repeat(900) + "\na1: &a1 " + "[".repeat(900) + "*a0"
                + "]".repeat(900) + "\n";
        assertEquals("Error unmarshaling input YAML: yaml: line 1: exceeded max depth of 1000",
                assertThrows(SopsException.class, () -> Stores.of(Format.YAML).loadPlain(utf8(aliases))).getMessage());
        String key = "k" + "__map_k".repeat(Store.MAX_DEPTH + 1);
        assertEquals("Error while unflattening \"k...\": exceeded max depth of 1000", assertThrows(SopsException.class,
                () -> Flattening.unflatten(List.of(new Flattening.Pair(key, "v")))).getMessage());
    }

    /** The limit is low enough for everything after parsing, run here on a thread with a 1 MB stack. */
    @Test
    void theDeepestAcceptedFileEncryptsAndWrites() throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                for (Format format : List.of(Format.JSON, Format.YAML)) {
                    Store store = Stores.of(format);
                    String text = format == Format.JSON ? json(Store.MAX_DEPTH - 1) : yaml(Store.MAX_DEPTH - 1);
                    List<Branch> docs = store.loadPlain(utf8(text));
                    store.loadPlain(store.emitPlain(docs));
                    store.loadEncrypted(Sops.encrypt(docs, store, EncryptionRule.of(List.of(new Stub()))));
                }
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "1MB stack", 1 << 20);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    private static final class Stub implements Recipient {
        @Override
        public String type() {
            return StoredKey.AGE;
        }

        @Override
        public String id() {
            return "age1stub";
        }

        @Override
        public StoredKey wrap(byte[] dataKey) {
            return StoredKey.age("age1stub", "not a real age file");
        }
    }
}
