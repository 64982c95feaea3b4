package dev.secrets.sops.aes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.internal.GoValues;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MAC vectors of SOPS-FORMAT.md §14.6 and the walk rules of §2.3/§3.1. */
class MacTest {
    private static final byte[] KEY = new byte[32];

    private static String mac(Branch doc, Selection selection, boolean macOnly) {
        return new TreeCipher(new ValueCipher(), KEY, selection, macOnly).encrypt(List.of(doc));
    }

    @Test
    void emptyTreeHashesNothing() {
        assertEquals("CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E",
                mac(new Branch(), Selection.DEFAULT, false));
    }

    @Test
    void singleValue() {
        assertEquals("D82C4EB5261CB9C8AA9855EDD67D1BD10482F41529858D925094D173FA662AA91FF39BC5B188615273484021DFB16FD8284CF684CCF0FC795BE3AA2FC1E6C181",
                mac(new Branch().add("foo", "bar"), Selection.DEFAULT, false));
    }

    @Test
    void macOnlyEncrypted() {
        Branch doc = new Branch().add("foo", "bar").add("plain_unencrypted", "x");
        assertEquals("E4D33C9161147B8148E758E25EFEF042C42E23F851C821A45A73D957DD94A389B17D774B40A3C9700433C43282F7B11D1336810817119B60410FDA1517A651E1",
                mac(doc, Selection.DEFAULT, true));
    }

    @Test
    void typedValuesNestedWithCommentsAndNulls() {
        List<Object> list = new ArrayList<>(List.of(new Comment(" c"), 42L));
        Branch doc = new Branch().addComment(new Comment(" top"))
                .add("a", "bar")
                .add("n", null)
                .add("b", new Branch().add("l", list))
                .add("c", new Branch().add("t", true))
                .add("d", 1.5);
        assertEquals("AB96D308D871BA274190672CFF65525004E59F6E8F03E39D839C149903695A6689B9FAA23098A7EB7966C211286F1A325DE6FB65097835CA4B89E58D61CAB7EA",
                mac(doc, Selection.DEFAULT, false));
        // the list comment became an encrypted plain element, the map comment an encrypted comment
        assertEquals(true, ((String) list.get(0)).endsWith("type:comment]"));
        assertEquals(true, ((Comment) doc.items().get(0).key()).text().startsWith("ENC["));
    }

    @Test
    void decryptRestoresTreeAndSameMac() {
        List<Object> list = new ArrayList<>(List.of(new Comment(" c"), "x", 7L));
        Branch doc = new Branch().addComment(new Comment(" top")).add("a", "bar")
                .add("k_unencrypted", "plain").add("l", list).add("e", "");
        Branch original = doc.deepCopy();
        ValueCipher cipher = new ValueCipher();
        String encMac = new TreeCipher(cipher, KEY, Selection.DEFAULT, false).encrypt(List.of(doc));
        assertEquals("plain", doc.get("k_unencrypted"));
        assertEquals("", doc.get("e"));
        String decMac = new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false).decrypt(List.of(doc));
        assertEquals(encMac, decMac);
        assertEquals(original, doc);
    }

    @Test
    void goTimeFormatting() {
        java.time.OffsetDateTime t = java.time.OffsetDateTime.parse("2024-01-02T03:04:05.120000009+07:06");
        assertEquals("2024-01-02T03:04:05.120000009+07:06", GoValues.formatTime(t));
        assertEquals("2024-01-02T03:04:05+07:06", GoValues.formatRfc3339(t));
        assertEquals("2024-01-02T03:04:05Z", GoValues.formatRfc3339(java.time.OffsetDateTime.parse("2024-01-02T03:04:05.9Z")));
        assertEquals("2024-01-02T03:04:05-01:30", dev.secrets.sops.internal.LastModified.canonical("2024-01-02T03:04:05.5-01:30"));
    }

    @Test
    void goFloatFormatting() {
        assertEquals("1.5", GoValues.formatFloat(1.5));
        assertEquals("25.4", GoValues.formatFloat(25.4));
        assertEquals("1", GoValues.formatFloat(1.0));
        assertEquals("100", GoValues.formatFloat(100.0));
        assertEquals("1234568000", GoValues.formatFloat(1.234568e9));
        assertEquals("1000000000000000000000", GoValues.formatFloat(1e21));
        assertEquals("0.0000001", GoValues.formatFloat(1e-7));
        assertEquals("0.1", GoValues.formatFloat(0.1));
        assertEquals("-0", GoValues.formatFloat(-0.0));
        assertEquals("+Inf", GoValues.formatFloat(Double.POSITIVE_INFINITY));
        assertEquals("NaN", GoValues.formatFloat(Double.NaN));
        assertEquals("200000000000000000000000", GoValues.formatFloat(2e23));
        assertEquals("0.3", GoValues.formatFloat(0.3));
    }

    /**
     * sops 3.13.2's MAC (upstream #2243, accepted only from files that release wrote): from the first
     * decrypted list comment on, it hashes that comment too, and everything after it as the real MAC
     * does, unencrypted values included.
     */
    @Test
    void the3132MacHashesListCommentsAndEverythingAfter() throws Exception {
        List<Object> list = new ArrayList<>(List.of(new Comment(" c"), "x"));
        Branch doc = new Branch().add("a", "first").add("l", list).add("k_unencrypted", "p").add("z", "last");
        new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false).encrypt(List.of(doc));
        TreeCipher decrypting = new TreeCipher(new ValueCipher(), KEY, Selection.DEFAULT, false);
        String mac = decrypting.decrypt(List.of(doc));
        assertEquals(sha512("first", "x", "p", "last"), mac);
        assertEquals(sha512("first", " c", "x", "p", "last"), decrypting.regressionMac());
    }

    private static String sha512(String... values) throws Exception {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-512");
        for (String v : values) {
            d.update(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return java.util.HexFormat.of().withUpperCase().formatHex(d.digest());
    }
}
