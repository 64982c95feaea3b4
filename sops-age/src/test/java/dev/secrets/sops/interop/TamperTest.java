package dev.secrets.sops.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every single-byte change, and every deleted line, of an encrypted file of each store is either
 * refused with a clean error and one of sops' exit codes, or decrypts to exactly the original values
 * (a byte sops does not authenticate: layout, an unauthenticated metadata field). Never a different
 * plaintext, never an unexpected exception.
 */
class TamperTest {
    private static final Set<Integer> REFUSAL_CODES = Set.of(1, 2, 25, 51, 128);

    private static final String[][] FILES = {
        {"yaml", "# a comment\ndb:\n    user: admin\n    pass: s3cret\nport: 5432\nlist:\n    - x\n    - true\nplain_unencrypted: visible\n"},
        {"json", "{\"db\": {\"user\": \"admin\", \"port\": 5432}, \"ok\": true, \"f\": 1.5}"},
        {"dotenv", "# comment\nUSER=admin\nPASS=s3cret\nEMPTY=\n"},
        {"ini", "[db]\nuser = admin\npass = s3cret\n"},
        {"binary", "raw bytes\nline two\n"},
    };

    @Test
    void everyFlippedByteAndDeletedLineIsRefusedOrHarmless() {
        AgeKeygen key = AgeKeygen.generate();
        List<Identity> ids = List.of(AgeIdentities.of(List.of(key.identity()), "test"));
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey())));
        int refused = 0;
        int harmless = 0;
        for (String[] f : FILES) {
            Format format = Format.parse(f[0]);
            Store store = Stores.of(format);
            List<Branch> docs = store.loadPlain(f[1].getBytes(StandardCharsets.UTF_8));
            List<Branch> original = copy(docs);
            byte[] encrypted = Sops.encrypt(docs, store, rule);
            for (byte[] variant : variants(encrypted)) {
                try (DecryptedFile opened = Sops.decrypt(variant, store, ids, false)) {
                    // comments and keys of unencrypted values are not authenticated by sops (a comment
                    // that no longer decrypts is kept as text): the values must be exactly the original ones
                    assertEquals(valuesOf(original), valuesOf(opened.documents()), () -> format + ": a tampered file decrypted to other values:\n"
                            + new String(variant, StandardCharsets.UTF_8));
                    harmless++;
                } catch (SopsException e) {
                    assertTrue(REFUSAL_CODES.contains(e.exitCode()), format + ": exit " + e.exitCode() + ": " + e.getMessage());
                    assertTrue(!e.getMessage().contains("s3cret") && !e.getMessage().contains("\n"), e.getMessage());
                    refused++;
                }
            }
        }
        System.out.println("tamper variants: " + refused + " refused, " + harmless + " harmless (identical values)");
        assertTrue(refused > 1000, "refused " + refused);
    }

    /** Each byte replaced (by a letter, or a different letter), then each line deleted. */
    private static List<byte[]> variants(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < file.length; i++) {
            byte[] v = file.clone();
            v[i] = (byte) (v[i] == 'A' ? 'B' : 'A');
            out.add(v);
        }
        String text = new String(file, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < lines.length; j++) {
                if (j != i) {
                    sb.append(lines[j]);
                    if (j < lines.length - 1) {
                        sb.append('\n');
                    }
                }
            }
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The leaf values in walk order: what the MAC authenticates. Keys of encrypted values are bound
     * by their AAD; keys of unencrypted values and comments are not authenticated by sops.
     */
    private static List<Object> valuesOf(List<Branch> docs) {
        List<Object> out = new ArrayList<>();
        docs.forEach(d -> collect(d, out));
        return out;
    }

    private static void collect(Object v, List<Object> out) {
        if (v instanceof Branch b) {
            for (Branch.Item item : b) {
                if (!item.isComment()) {
                    collect(item.value(), out);
                }
            }
        } else if (v instanceof List<?> list) {
            for (Object e : list) {
                if (!(e instanceof dev.secrets.sops.tree.Comment)) {
                    collect(e, out);
                }
            }
        } else if (v != null && !"".equals(v)) {
            out.add(v); // empty values and nulls add no bytes to sops' MAC: their loss is not detectable
        }
    }

    private static List<Branch> copy(List<Branch> docs) {
        List<Branch> out = new ArrayList<>();
        docs.forEach(d -> out.add(d.deepCopy()));
        return out;
    }
}
