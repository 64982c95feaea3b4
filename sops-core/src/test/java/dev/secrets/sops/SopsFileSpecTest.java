package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole files through the public entry points with a stand-in key type (the data key in hex, no
 * crypto): SOPS-FORMAT.md §3.3's order (metadata, version, data key, tree, MAC), §4.5's threshold
 * rule on encryption (one group writes none; several default to all of them).
 */
class SopsFileSpecTest {
    private record HexKey(String id) implements Recipient, Identity {
        @Override
        public String type() {
            return StoredKey.AGE;
        }

        @Override
        public StoredKey wrap(byte[] dataKey) {
            return StoredKey.age(id, HexFormat.of().formatHex(dataKey));
        }

        @Override
        public byte[] unwrap(StoredKey key) {
            return key.id().equals(id) ? HexFormat.of().parseHex(key.enc()) : null;
        }

        @Override
        public String describe() {
            return "hex key " + id;
        }
    }

    private static final byte[] PLAIN = "a: 1\nb: two\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void encryptThenOpenWithTheIdentity(@TempDir Path tmp) throws Exception {
        HexKey key = new HexKey("k");
        byte[] encrypted = Sops.encrypt(PLAIN, Format.YAML, EncryptionRule.of(List.of(key)));
        try (DecryptedFile f = Sops.decrypt(encrypted, Format.YAML, List.of(key))) {
            assertEquals(Map.of("a", 1L, "b", "two"), f.toMap());
            assertEquals(0, f.metadata().shamirThreshold());
            assertFalse(new String(encrypted, StandardCharsets.UTF_8).contains("shamir_threshold"), "one group writes no threshold");
        }
        Path file = tmp.resolve("s.enc.yaml");
        Files.write(file, encrypted);
        try (DecryptedFile f = Sops.open(file, List.of(key))) {
            assertEquals("two", f.toMap().get("b"));
        }
        SopsException none = assertThrows(SopsException.class, () -> Sops.decrypt(encrypted, Format.YAML, List.of(new HexKey("other"))));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, none.exitCode());
    }

    /** The metadata reads without a key (filestatus, updatekeys); a plaintext file has none. */
    @Test
    void metadataReadsWithoutAKeyAndIsNullForPlaintext() {
        byte[] encrypted = Sops.encrypt(PLAIN, Format.YAML, EncryptionRule.of(List.of(new HexKey("k"), new HexKey("j"))));
        dev.secrets.sops.metadata.Metadata md = Sops.metadata(encrypted, Stores.of(Format.YAML));
        assertEquals(List.of("k", "j"), md.keyGroups().get(0).keys().stream().map(StoredKey::id).toList());
        assertEquals(null, Sops.metadata(PLAIN, Stores.of(Format.YAML)));
    }

    @Test
    void severalGroupsDefaultToAllOfThem() {
        HexKey a = new HexKey("a");
        HexKey b = new HexKey("b");
        EncryptionRule rule = new EncryptionRule(List.of(List.of(a), List.of(b)), 0, Selection.DEFAULT, false);
        byte[] encrypted = Sops.encrypt(PLAIN, Format.YAML, rule);
        try (DecryptedFile f = Sops.decrypt(encrypted, Format.YAML, List.of(a, b))) {
            assertEquals(2, f.metadata().shamirThreshold());
        }
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY,
                assertThrows(SopsException.class, () -> Sops.decrypt(encrypted, Format.YAML, List.of(a))).exitCode());
    }

    @Test
    void refusedBeforeAnyKeyIsTried() {
        HexKey key = new HexKey("k");
        SopsException plain = assertThrows(SopsException.class, () -> Sops.decrypt(PLAIN, Format.YAML, List.of(key)));
        assertEquals(ExitCodes.ERROR_GENERIC, plain.exitCode());
        assertEquals("sops metadata not found", plain.getMessage());
        String text = new String(Sops.encrypt(PLAIN, Format.YAML, EncryptionRule.of(List.of(key))), StandardCharsets.UTF_8);
        byte[] badVersion = text.replace("version: 3.13.2", "version: 3.13").getBytes(StandardCharsets.UTF_8);
        SopsException version = assertThrows(SopsException.class, () -> Sops.decrypt(badVersion, Format.YAML, List.of(key)));
        assertEquals("sops metadata: version is not a valid semver version", version.getMessage());
        SopsException empty = assertThrows(SopsException.class,
                () -> Sops.newFile(List.of(), Stores.of(Format.YAML), EncryptionRule.of(List.of(key))));
        assertEquals(ExitCodes.NEED_AT_LEAST_ONE_DOCUMENT, empty.exitCode());
    }
}
