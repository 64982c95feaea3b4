package dev.secrets.sops.aes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is encrypted (SOPS-FORMAT.md §2.7) and with which AAD (§2.3), one rule at a time: each leaf
 * that must be encrypted decrypts with exactly the AAD of its key path, each leaf that must not is
 * left as it was.
 */
class SelectionSpecTest {
    private static final byte[] KEY = new byte[32];

    private static Branch encrypt(Branch doc, Selection.Kind kind, String value) {
        new TreeCipher(new ValueCipher(), KEY, new Selection(kind, value), false).encrypt(List.of(doc));
        return doc;
    }

    /** The value under a path of map keys. */
    private static Object at(Branch doc, String... keys) {
        Object v = doc;
        for (String k : keys) {
            v = ((Branch) v).get(k);
        }
        return v;
    }

    private static void encrypted(Object value, String aad, Object plaintext) {
        assertTrue(value instanceof String s && s.startsWith("ENC[AES256_GCM,"), "not encrypted: " + value);
        assertEquals(plaintext, new ValueCipher().decrypt((String) value, KEY, aad).value(), aad);
    }

    private static String commentText(Branch doc, int item) {
        return ((Comment) doc.items().get(item).key()).text();
    }

    @Test
    void unencryptedSuffixOnAnAncestorDecidesTheSubtree() {
        Branch doc = new Branch().addComment(new Comment(" top"))
                .add("a_unencrypted", new Branch().add("b", "x").add("l", new ArrayList<>(List.of("y"))))
                .add("c", new Branch().add("d", "z"))
                .add("e", 5L);
        encrypt(doc, Selection.Kind.UNENCRYPTED_SUFFIX, "_unencrypted");
        assertEquals("x", at(doc, "a_unencrypted", "b"));
        assertEquals(List.of("y"), at(doc, "a_unencrypted", "l"));
        // the suffix counted for its subtree only: the keys after it are encrypted again
        encrypted(at(doc, "c", "d"), "c:d:", "z");
        encrypted(at(doc, "e"), "e:", 5L);
        // a top-level comment: AAD ':'
        encrypted(commentText(doc, 0), ":", new Comment(" top"));
    }

    @Test
    void encryptedSuffixEncryptsOnlyItsSubtrees() {
        Branch doc = new Branch().addComment(new Comment(" top"))
                .add("db_enc", new Branch().add("pw", "x"))
                .add("user", "u")
                .add("nested", new Branch().add("token_enc", "t").add("name", "n"));
        encrypt(doc, Selection.Kind.ENCRYPTED_SUFFIX, "_enc");
        encrypted(at(doc, "db_enc", "pw"), "db_enc:pw:", "x");
        encrypted(at(doc, "nested", "token_enc"), "nested:token_enc:", "t");
        assertEquals("u", at(doc, "user"));
        assertEquals("n", at(doc, "nested", "name"));
        assertEquals(" top", commentText(doc, 0), "a top-level comment has no key to match");
    }

    @Test
    void regexesMatchAnyComponentUnanchored() {
        Branch doc = new Branch().add("public", new Branch().add("x", "1")).add("secret", "2")
                .add("deep", new Branch().add("republican", "3"));
        encrypt(doc, Selection.Kind.UNENCRYPTED_REGEX, "ub");
        assertEquals("1", at(doc, "public", "x"));
        assertEquals("3", at(doc, "deep", "republican"));
        encrypted(at(doc, "secret"), "secret:", "2");

        doc = new Branch().add("password", "p").add("user", "u")
                .add("db", new Branch().add("password", "z").add("host", "h"))
                .add("passwords", new Branch().add("a", "b"));
        encrypt(doc, Selection.Kind.ENCRYPTED_REGEX, "^pass");
        encrypted(at(doc, "password"), "password:", "p");
        encrypted(at(doc, "db", "password"), "db:password:", "z");
        encrypted(at(doc, "passwords", "a"), "passwords:a:", "b");
        assertEquals("u", at(doc, "user"));
        assertEquals("h", at(doc, "db", "host"));
    }

    @Test
    void unencryptedCommentRegexAppliesToTheNextEntryAndItsSubtree() {
        Branch doc = new Branch()
                .addComment(new Comment(" plain"))
                .add("a", new Branch().add("b", "x"))
                .add("c", "y")
                .add("m", new Branch().addComment(new Comment(" plain too")).add("k", "v").add("j", "w"));
        encrypt(doc, Selection.Kind.UNENCRYPTED_COMMENT_REGEX, "plain");
        assertEquals(" plain", commentText(doc, 0), "the marker comment matches itself");
        assertEquals("x", at(doc, "a", "b"));
        // the comment list is cleared after a non-comment entry
        encrypted(at(doc, "c"), "c:", "y");
        assertEquals("v", at(doc, "m", "k"));
        encrypted(at(doc, "m", "j"), "m:j:", "w");
    }

    @Test
    void encryptedCommentRegexSkipsTheMarkerItself() {
        List<Object> list = new ArrayList<>(List.of(new Comment(" sops:enc"), "e1", "e2"));
        Branch doc = new Branch()
                .addComment(new Comment(" sops:enc"))
                .addComment(new Comment(" a note"))
                .add("a", new Branch().add("b", "x"))
                .add("c", "y")
                .add("l", list);
        encrypt(doc, Selection.Kind.ENCRYPTED_COMMENT_REGEX, "sops:enc");
        assertEquals(" sops:enc", commentText(doc, 0), "the marker comment was encrypted");
        // a comment after the marker is judged with the marker in the stack: encrypted
        encrypted(commentText(doc, 1), ":", new Comment(" a note"));
        encrypted(at(doc, "a", "b"), "a:b:", "x");
        assertEquals("y", at(doc, "c"));
        // in a list: the marker stays, the element after it is encrypted with the list's AAD, the next is not
        assertEquals(new Comment(" sops:enc"), list.get(0));
        encrypted(list.get(1), "l:", "e1");
        assertEquals("e2", list.get(2));
    }

    @Test
    void anEncryptedCommentMatchingUnencryptedCommentRegexIsRefused() {
        // every ENC[...] text matches "ENC": sops aborts rather than write a comment it would later skip
        Branch doc = new Branch().addComment(new Comment(" note")).add("a", "x");
        SopsException e = assertThrows(SopsException.class,
                () -> encrypt(doc, Selection.Kind.UNENCRYPTED_COMMENT_REGEX, "ENC\\["));
        assertEquals(ExitCodes.ERROR_ENCRYPTING_TREE, e.exitCode());
        assertTrue(e.getMessage().contains("matches UnencryptedCommentRegex"), e.getMessage());
    }

    @Test
    void listElementsUseTheListsKeyAndMapsInListsAddTheirKeys() {
        List<Object> list = new ArrayList<>(List.of("s", new Branch().add("k", "v"), new ArrayList<>(List.of(7L))));
        Branch doc = new Branch().add("l", list);
        encrypt(doc, Selection.Kind.NONE, "");
        encrypted(list.get(0), "l:", "s");
        encrypted(((Branch) list.get(1)).get("k"), "l:k:", "v");
        encrypted(((List<?>) list.get(2)).get(0), "l:", 7L);
    }
}
