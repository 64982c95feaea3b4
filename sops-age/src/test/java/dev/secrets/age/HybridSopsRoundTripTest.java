package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.Oracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SOPS file for one key group holding a post-quantum and an X25519 recipient (sops 3.12 allows the
 * mix: each recipient has its own age file in the metadata): it opens with either identity, the
 * independent oracle verifies it with the X25519 key, and typage opens the PQ entry to the same data
 * key. Dotenv and YAML stores.
 */
class HybridSopsRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void dotenv() throws Exception {
        roundTrip(Format.DOTENV, "DB_PASSWORD=hunter2\nAPI_TOKEN=t0k3n\n", Map.of("DB_PASSWORD", "hunter2"));
    }

    @Test
    void yaml() throws Exception {
        roundTrip(Format.YAML, "db:\n  password: hunter2\nports:\n- 5432\n", Map.of("db", Map.of("password", "hunter2")));
    }

    private void roundTrip(Format format, String plaintext, Map<String, Object> expectedSubset) throws Exception {
        AgeKeygen pq = AgeKeygen.generatePq();
        AgeKeygen classic = AgeKeygen.generate();
        Path pqKeys = Files.writeString(tmp.resolve("pq-keys.txt"), pq.render());
        Path classicKeys = Files.writeString(tmp.resolve("classic-keys.txt"), classic.render());
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(pq.publicKey()),
                AgeRecipient.parse(classic.publicKey())));
        byte[] encrypted = Sops.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), format, rule);
        Path file = Files.write(tmp.resolve("secrets." + format.id()), encrypted);

        byte[] plainBack = null;
        for (Path keys : List.of(pqKeys, classicKeys)) {
            List<Identity> ids = List.of(AgeIdentities.of(AgeKeyFile.parse(Files.readString(keys)), keys.toString()));
            try (DecryptedFile opened = Sops.decrypt(encrypted, format, ids)) {
                Map<String, Object> values = opened.toMap();
                expectedSubset.forEach((k, v) -> assertEquals(v, values.get(k), keys + ": " + k));
                List<StoredKey> entries = opened.metadata().keyGroups().get(0).keys();
                assertEquals(List.of(pq.publicKey(), classic.publicKey()), entries.stream().map(StoredKey::id).toList());
                byte[] again = opened.plaintext(Stores.of(format));
                if (plainBack != null) {
                    assertEquals(new String(plainBack, StandardCharsets.UTF_8), new String(again, StandardCharsets.UTF_8));
                }
                plainBack = again;
            }
        }

        Oracle.Result oracle = Oracle.run(file, format.id(), "--age-key-file", classicKeys.toString());
        assertEquals(0, oracle.exitCode(), oracle.stderr() + new String(encrypted, StandardCharsets.UTF_8));

        List<String> encs = AgeTestSupport.armoredEncs(new String(encrypted, StandardCharsets.UTF_8));
        assertEquals(2, encs.size());
        assertTrue(AgeTestSupport.header(encs.get(0)).contains("\n-> mlkem768x25519 "), encs.get(0));
        AgeTestSupport.Result r = Typage.require().decrypt(encs.get(0), pqKeys);
        assertEquals(0, r.code(), r.stderr());
        assertEquals(oracle.dataKeyHex(), HexFormat.of().formatHex(r.stdout()));
    }
}
