package dev.secrets.sops.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.Oracle;
import dev.secrets.sops.testing.SharedTestData;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What we write, others read: random trees of every store encrypted by us are verified by the
 * independent oracle (values and MAC), decrypted by us to the same tree, and the data key we wrapped
 * opens with the real {@code age -d}.
 */
class RoundTripInteropTest {
    private static final int TREES_PER_STORE = 12;

    @TempDir
    Path tmp;

    @Test
    void randomTreesOfEveryStore() throws Exception {
        AgeKeygen key = AgeKeygen.generate();
        Path keyFile = tmp.resolve("keys.txt");
        Files.writeString(keyFile, key.render());
        AgeKeygen second = AgeKeygen.generate();
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey()),
                AgeRecipient.parse(second.publicKey())));
        List<Identity> ids = List.of(AgeIdentities.of(List.of(key.identity()), "test"));
        // The oracle hashes decrypted list comments (it prints them as ["#comment", text] and feeds that to
        // the MAC), where sops does not (SOPS-FORMAT.md §3.1): list comments are left to MacTest and the
        // corpus, so the oracle checks trees without them.
        RandomTrees random = new RandomTrees(20261123).withoutListComments();
        for (Format format : Format.values()) {
            Store store = Stores.of(format);
            for (int i = 0; i < TREES_PER_STORE; i++) {
                Branch tree = random.tree(format);
                // what the store keeps of the tree (e.g. INI/dotenv text rules) is the reference
                List<Branch> expected = store.loadPlain(store.emitPlain(List.of(tree)));
                List<Branch> docs = new ArrayList<>();
                expected.forEach(b -> docs.add(b.deepCopy()));
                byte[] encrypted = Sops.encrypt(docs, store, rule);
                Path file = tmp.resolve(format.id() + i);
                Files.write(file, encrypted);
                Oracle.Result oracle = Oracle.run(file, format.id(), "--age-key-file", keyFile.toString());
                String label = format + " tree " + i + ":\n" + new String(encrypted, StandardCharsets.UTF_8);
                assertEquals(0, oracle.exitCode(), oracle.stderr() + label);
                assertEquals(Oracle.neutral(expected), oracle.plaintext(), label);
                try (DecryptedFile back = Sops.decrypt(encrypted, store, ids, false)) {
                    assertEquals(expected, back.documents(), label);
                }
                if (i == 0) {
                    assertAgeCliOpens(encrypted, keyFile, oracle.dataKeyHex());
                }
            }
        }
    }

    /** Each recipient has its own armored age file in the metadata; the real age CLI opens ours. */
    private void assertAgeCliOpens(byte[] encrypted, Path keyFile, String dataKeyHex) throws Exception {
        SharedTestData.requireCommand("age");
        String text = new String(encrypted, StandardCharsets.UTF_8).replace("\\n", "\n");
        Matcher m = Pattern.compile("-----BEGIN AGE ENCRYPTED FILE-----\\s.*?-----END AGE ENCRYPTED FILE-----",
                Pattern.DOTALL).matcher(text);
        assertEquals(true, m.find(), "no armored age file");
        String armored = m.group().replaceAll("(?m)^[ \\t]+", "") + "\n";
        Path enc = tmp.resolve("stanza.age");
        Files.writeString(enc, armored);
        Process p = new ProcessBuilder("age", "-d", "-i", keyFile.toString(), enc.toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals(dataKeyHex, HexFormat.of().formatHex(out));
    }

    @Test
    void reencryptingKeepsCiphertextAndOneChangeIsOneLine() throws Exception {
        AgeKeygen key = AgeKeygen.generate();
        List<Identity> ids = List.of(AgeIdentities.of(List.of(key.identity()), "test"));
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey())));
        for (Format format : new Format[] {Format.YAML, Format.JSON, Format.DOTENV, Format.INI}) {
            Store store = Stores.of(format);
            Branch tree = new RandomTrees(7).tree(format);
            Branch holder = format == Format.INI ? (Branch) tree.items().get(tree.size() - 1).value() : tree;
            holder.add("fixed_key", "original value");
            List<Branch> docs = store.loadPlain(store.emitPlain(List.of(tree)));
            byte[] first = Sops.encrypt(docs, store, rule);
            try (DecryptedFile opened = Sops.decrypt(first, store, ids, false)) {
                byte[] same = opened.encrypt(store);
                assertEquals(0, differingValueLines(first, same), format + " unchanged re-encryption");
                Branch doc = opened.documents().get(0);
                Branch target = format == Format.INI ? (Branch) doc.items().get(doc.size() - 1).value() : doc;
                target.put("fixed_key", "changed value");
                byte[] changed = opened.encrypt(store);
                assertEquals(1, differingValueLines(first, changed), format + " one changed value");
                assertNotEquals(new String(first, StandardCharsets.UTF_8), new String(changed, StandardCharsets.UTF_8));
            }
        }
    }

    /** Lines that differ, ignoring the metadata (lastmodified and mac change on every write). */
    private static int differingValueLines(byte[] a, byte[] b) {
        List<String> la = valueLines(a);
        List<String> lb = valueLines(b);
        int diff = Math.abs(la.size() - lb.size());
        for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
            if (!la.get(i).equals(lb.get(i))) {
                diff++;
            }
        }
        return diff;
    }

    private static List<String> valueLines(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("lastmodified") || line.contains("mac") && line.contains("ENC[") && !line.contains("type:comment")
                    && (line.contains("sops_mac") || line.trim().startsWith("mac") || line.trim().startsWith("\"mac\""))) {
                continue;
            }
            out.add(line);
        }
        return out;
    }

}
