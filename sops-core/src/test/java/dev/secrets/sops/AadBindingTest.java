package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.aes.TreeCipher;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.RawEnc;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A value's ciphertext is bound to its key path by the AAD (SOPS-FORMAT.md §2.3): moved to another
 * key it no longer authenticates, exit 25, even where the MAC could not tell (equal plaintexts).
 */
class AadBindingTest {
    private static final byte[] KEY = FuzzContract.DATA_KEY;

    private static SopsException refusedTree(Branch doc) {
        return assertThrows(SopsException.class,
                () -> new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false).decrypt(List.of(doc)));
    }

    private static String decrypted(Branch doc, String... path) {
        new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false).decrypt(List.of(doc));
        Object v = doc;
        for (String k : path) {
            v = ((Branch) v).get(k);
        }
        return v instanceof List<?> l ? (String) l.get(0) : (String) v;
    }

    /** The AAD is every map key of the path followed by ':'; list indices add nothing. */
    @Test
    void aadIsTheKeyPathAsTheSpecWritesIt() {
        String nested = RawEnc.seal(KEY, "db:password:", bytes("s3cret"), "str");
        assertEquals("s3cret", decrypted(new Branch().add("db", new Branch().add("password", nested)), "db", "password"));
        String inList = RawEnc.seal(KEY, "l:", bytes("x"), "str");
        assertEquals("x", decrypted(new Branch().add("l", new ArrayList<>(List.of(inList))), "l"));
        String listOfMaps = RawEnc.seal(KEY, "l:name:", bytes("y"), "str");
        Branch element = new Branch().add("name", listOfMaps);
        new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false)
                .decrypt(List.of(new Branch().add("l", new ArrayList<>(List.of(element)))));
        assertEquals("y", element.get("name"));

        for (Branch moved : List.of(
                new Branch().add("db", new Branch().add("pass", nested)),       // other leaf key
                new Branch().add("dc", new Branch().add("password", nested)),   // other parent key
                new Branch().add("password", nested),                           // parent dropped
                new Branch().add("x", new Branch().add("db", new Branch().add("password", nested))), // parent added
                new Branch().add("db", new ArrayList<>(List.of(new Branch().add("password", nested)))).add("z", ""),
                new Branch().add("db", new ArrayList<>(List.of(nested))))) {   // "db:" as a list element
            boolean listOfMap = moved.get("db") instanceof List<?> l && l.get(0) instanceof Branch;
            if (listOfMap) {
                // a list adds nothing to the path: db -> [ {password} ] is still "db:password:"
                assertEquals("s3cret", ((Branch) decryptedList(moved)).get("password"));
                continue;
            }
            SopsException e = refusedTree(moved);
            assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode(), e.getMessage());
        }
    }

    private static Object decryptedList(Branch doc) {
        new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false).decrypt(List.of(doc));
        return ((List<?>) doc.get("db")).get(0);
    }

    /** Two equal plaintexts swap their ciphertexts: the MAC is the same, only the AAD refuses. */
    @Test
    void equalValuesSwappedAreRefused() {
        Branch doc = new Branch().add("a", "same").add("b", "same");
        new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false).encrypt(List.of(doc));
        String a = (String) doc.get("a");
        String b = (String) doc.get("b");
        Branch swapped = new Branch().add("a", b).add("b", a);
        SopsException e = refusedTree(swapped);
        assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("'a:'"), e.getMessage());
    }

    /**
     * In a whole file of each store: the first encrypted value's ciphertext copied over the second's
     * is refused as that second value (exit 25, its path named), before the MAC is looked at.
     */
    @Test
    void ciphertextMovedToAnotherKeyIsRefusedInEveryStore() throws Exception {
        Set<Format> seen = EnumSet.noneOf(Format.class);
        for (Path seed : MacMismatchTest.seeds()) {
            byte[] input = Files.readAllBytes(seed);
            Format format = FuzzContract.format(input);
            Store store = Stores.of(format);
            Store.EncryptedDocuments loaded = store.loadEncrypted(FuzzContract.rest(input));
            List<Leaf> leaves = new ArrayList<>();
            collect(loaded.documents().get(0), "", leaves);
            if (leaves.size() < 2) {
                continue; // binary: one value
            }
            Leaf from = leaves.get(0);
            Leaf to = leaves.get(1);
            to.branch.put(to.key, from.branch.get(from.key));
            byte[] moved = store.emitEncrypted(loaded.documents(), loaded.metadata());
            SopsException e = assertThrows(SopsException.class, () -> Sops.decryptWithKey(moved, store, KEY, false),
                    seed.getFileName() + ": a moved ciphertext was accepted");
            assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode(), seed.getFileName() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("'" + to.aad + "'"), e.getMessage() + " should name " + to.aad);
            seen.add(format);
        }
        assertEquals(EnumSet.of(Format.YAML, Format.JSON, Format.DOTENV, Format.INI), seen);
    }

    private record Leaf(Branch branch, String key, String aad) {
    }

    /** Map entries whose value is an encrypted string (not a comment), in walk order. */
    private static void collect(Branch b, String prefix, List<Leaf> out) {
        for (Branch.Item item : b) {
            if (!(item.key() instanceof String k)) {
                continue;
            }
            if (item.value() instanceof Branch child) {
                collect(child, prefix + k + ":", out);
            } else if (item.value() instanceof String s && s.startsWith("ENC[") && !s.endsWith("type:comment]")) {
                out.add(new Leaf(b, k, prefix + k + ":"));
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
