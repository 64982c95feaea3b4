package dev.secrets.sops.aes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Comment;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The value cipher against the vectors of SOPS-FORMAT.md §14.1 (upstream aes/cipher_test.go and derived). */
class ValueCipherTest {
    private static final byte[] KEY = "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.US_ASCII);
    private static final String IV = "MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=";

    @Test
    void decryptsUpstreamVector() {
        String enc = "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        assertEquals("foo", new ValueCipher().decrypt(enc, KEY, "bar:").value());
    }

    @Test
    void wrongAadFails() {
        String enc = "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        SopsException e = assertThrows(SopsException.class, () -> new ValueCipher().decrypt(enc, KEY, ""));
        assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
    }

    @Test
    void emptyValuesAreNotEncrypted() {
        assertEquals("", new ValueCipher().encrypt("", KEY, "a:"));
        assertEquals("", new ValueCipher().encrypt(new Comment(""), KEY, "a:"));
        assertEquals("", new ValueCipher().decrypt("", KEY, "a:").value());
    }

    /** Each typed vector decrypts to its value, and re-encrypting through the stash reproduces it byte for byte. */
    @Test
    void typedVectorsDecryptAndReencryptIdentically() {
        Object[][] vectors = {
            {"a:", 42L, "ENC[AES256_GCM,data:89E=,iv:" + IV + ",tag:sHYXs8wuImkP23aCX3lklg==,type:int]"},
            {"a:", 1.5, "ENC[AES256_GCM,data:9s34,iv:" + IV + ",tag:/0AkIiRx90ONGnhgUZ7hnQ==,type:float]"},
            {"a:", 1e21, "ENC[AES256_GCM,data:9tP9P8OXqe4pF5v/g+Bq/DWlUpP3xQ==,iv:" + IV + ",tag:d0HzudlgFRAgC9VJs0HCBg==,type:float]"},
            {"a:b:", true, "ENC[AES256_GCM,data:k5G4ag==,iv:" + IV + ",tag:eG2jJdlkcREsMViRatAyJg==,type:bool]"},
            {"list:", false, "ENC[AES256_GCM,data:gYKhfJY=,iv:" + IV + ",tag:vGRwehVxiofvX/enE5DpJQ==,type:bool]"},
            {":", new Comment(" a comment"), "ENC[AES256_GCM,data:54LtbJzK9Lt3Uw==,iv:" + IV + ",tag:ODyzD95vs9He8SGnes9qvA==,type:comment]"},
            {"a:", OffsetDateTime.parse("2024-01-01T00:00:00Z"), "ENC[AES256_GCM,data:9dP/O96XqPMpFv//g+pq/D+lUvk=,iv:" + IV + ",tag:3GBrdjT5XF6LhK1qO2kTdg==,type:time]"},
            {"k:", "multi\nline", "ENC[AES256_GCM,data:qpahe5qt9bd3Qg==,iv:" + IV + ",tag:nKtVkb0D08dfQiWdW903Vg==,type:str]"},
        };
        for (Object[] v : vectors) {
            ValueCipher cipher = new ValueCipher();
            String aad = (String) v[0];
            assertEquals(v[1], cipher.decrypt((String) v[2], KEY, aad).value(), "decrypt " + v[2]);
            assertEquals(v[2], cipher.encrypt(v[1], KEY, aad), "stash re-encrypt " + v[1]);
        }
    }

    @Test
    void freshValuesGetFreshIvs() {
        ValueCipher cipher = new ValueCipher();
        String a = cipher.encrypt("secret", KEY, "k:");
        String b = cipher.encrypt("secret", KEY, "k:");
        assertNotEquals(a, b);
        EncryptedValue parsed = EncryptedValue.parse(a);
        assertEquals(32, parsed.iv().length);
        assertEquals(16, parsed.tag().length);
        assertEquals("secret", new ValueCipher().decrypt(a, KEY, "k:").value());
    }

    @Test
    void stashIsTyped() {
        ValueCipher cipher = new ValueCipher();
        String enc = cipher.encrypt("1", KEY, "k:");
        cipher.decrypt(enc, KEY, "k:");
        assertEquals(enc, cipher.encrypt("1", KEY, "k:"));
        assertNotEquals(EncryptedValue.parse(enc).format(), cipher.encrypt(1L, KEY, "k:"));
    }

    @Test
    void malformedValuesAreRefused() {
        String good = "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        String[] bad = {
            "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str",
            good.replace("oYyi", "oYyj"),
            good.replace("type:str", "type:nope"),
            good.replace("data:oYyi", "data:o#yi"),
            "ENC[AES256_GCM,data:oYyi]",
            "plain text",
        };
        for (String s : bad) {
            SopsException e = assertThrows(SopsException.class, () -> new ValueCipher().decrypt(s, KEY, "bar:"), s);
            assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
            assertEquals(-1, e.getMessage().indexOf("foo"));
        }
    }

    @Test
    void rawBytesSurvive() {
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 0, 65};
        ValueCipher cipher = new ValueCipher();
        String enc = cipher.encrypt(new dev.secrets.sops.tree.RawString(raw), KEY, "data:");
        Object back = new ValueCipher().decrypt(enc, KEY, "data:").value();
        assertArrayEquals(raw, ((dev.secrets.sops.tree.RawString) back).bytes());
        assertEquals(true, enc.endsWith("type:str]"));
        assertEquals(false, Arrays.equals(raw, new byte[0]));
    }

    /**
     * §2.6: the stash reproduces an unchanged value's ciphertext every time it is written, also twice
     * in a row on one instance (the JDK refuses to reuse a key and IV on one GCM encryptor).
     */
    @Test
    void anUnchangedValueIsReproducedOnEveryWrite() {
        String enc = "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        ValueCipher cipher = new ValueCipher();
        cipher.decrypt(enc, KEY, "bar:");
        for (int i = 0; i < 3; i++) {
            assertEquals(enc, cipher.encrypt("foo", KEY, "bar:"), "write " + i);
        }
        // the same value under another key path, or another value, gets a fresh IV
        assertFalse(Arrays.equals(EncryptedValue.parse(enc).iv(), EncryptedValue.parse(cipher.encrypt("foo", KEY, "baz:")).iv()));
        assertNotEquals(enc, cipher.encrypt("fop", KEY, "bar:"));
    }

    /** A new data key (rotation) is used at once by an instance that decrypted with the old one. */
    @Test
    void aNewKeyIsUsedAtOnce() {
        byte[] other = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee".getBytes(StandardCharsets.US_ASCII);
        String enc = "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        ValueCipher cipher = new ValueCipher();
        assertEquals("foo", cipher.decrypt(enc, KEY, "bar:").value());
        String rotated = cipher.encrypt("foo", other, "bar:");
        assertEquals("foo", new ValueCipher().decrypt(rotated, other, "bar:").value());
        assertThrows(SopsException.class, () -> new ValueCipher().decrypt(rotated, KEY, "bar:"));
        // and back: the old key again after the new one
        assertEquals("foo", cipher.decrypt(enc, KEY, "bar:").value());
    }

    /** forget() drops the stash: the next write of the same value is a fresh encryption. */
    @Test
    void forgetDropsTheStash() {
        String enc = "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        ValueCipher cipher = new ValueCipher();
        cipher.decrypt(enc, KEY, "bar:");
        cipher.encrypt("foo", KEY, "bar:"); // the stash is consulted (and filled) once
        cipher.forget();
        assertNotEquals(enc, cipher.encrypt("foo", KEY, "bar:"));
        cipher.decrypt(enc, KEY, "bar:");
        cipher.forget(); // before the stash was ever consulted
        assertNotEquals(enc, cipher.encrypt("foo", KEY, "bar:"));
    }

    /** Empty values of any string kind are stored as "" (sops does not encrypt them); 0 and false are encrypted. */
    @Test
    void onlyEmptyStringsStayUnencrypted() {
        assertEquals("", new ValueCipher().encrypt(new dev.secrets.sops.tree.RawString(new byte[0]), KEY, "a:"));
        assertTrue(new ValueCipher().encrypt(0L, KEY, "a:").startsWith("ENC["));
        assertTrue(new ValueCipher().encrypt(false, KEY, "a:").startsWith("ENC["));
        assertTrue(new ValueCipher().encrypt(" ", KEY, "a:").startsWith("ENC["));
    }

    /** A key AES-256 cannot take fails with the exit code of the direction (23 encrypting, 25 decrypting). */
    @Test
    void aBadKeyFailsWithTheExitCodeOfTheDirection() {
        byte[] shortKey = new byte[5];
        SopsException e = assertThrows(SopsException.class, () -> new ValueCipher().encrypt("x", shortKey, "a:"));
        assertEquals(ExitCodes.ERROR_ENCRYPTING_TREE, e.exitCode());
        String enc = "ENC[AES256_GCM,data:oYyi,iv:" + IV + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        e = assertThrows(SopsException.class, () -> new ValueCipher().decrypt(enc, shortKey, "bar:"));
        assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
    }

    /**
     * §3.1: the MAC hashes the decrypted value as sops re-serialises it (ToBytes of the typed value),
     * not the plaintext bytes: an int stored as "+042" is hashed as "42".
     */
    @Test
    void theMacHashesTheTypedValueNotThePlaintext() throws Exception {
        byte[] key = new byte[32];
        String enc = new ValueCipher().encrypt("+042", key, "n:").replace("type:str]", "type:int]");
        // the type tag is not authenticated by GCM, only the AAD: the value decrypts as int 42
        dev.secrets.sops.tree.Branch doc = new dev.secrets.sops.tree.Branch().add("n", enc);
        String mac = new TreeCipher(new ValueCipher(), key, null, false).decrypt(java.util.List.of(doc));
        assertEquals(42L, doc.get("n"));
        byte[] expected = java.security.MessageDigest.getInstance("SHA-512").digest("42".getBytes(StandardCharsets.US_ASCII));
        assertEquals(java.util.HexFormat.of().withUpperCase().formatHex(expected), mac);
    }

    /**
     * sops opens data followed by tag as one AES-GCM ciphertext (Go's Open takes the last 16 bytes
     * as the tag), so only their total length counts: exactly one tag long is the empty plaintext,
     * however the 16 bytes are split between the two fields; shorter never authenticates.
     */
    @Test
    void dataAndTagTogetherOneTagLongIsTheEmptyPlaintext() throws Exception {
        byte[] key = new byte[32];
        byte[] iv = java.util.Base64.getDecoder().decode(IV);
        javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, iv));
        gcm.updateAAD("a:".getBytes(StandardCharsets.UTF_8));
        byte[] tag = gcm.doFinal(); // the empty plaintext: the tag alone
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        String split = "ENC[AES256_GCM,data:" + b64.encodeToString(Arrays.copyOfRange(tag, 0, 1)) + ",iv:" + IV
                + ",tag:" + b64.encodeToString(Arrays.copyOfRange(tag, 1, 16)) + ",type:str]";
        assertEquals("", new ValueCipher().decrypt(split, key, "a:").value());
        String shorter = "ENC[AES256_GCM,data:" + b64.encodeToString(Arrays.copyOfRange(tag, 0, 1)) + ",iv:" + IV
                + ",tag:" + b64.encodeToString(Arrays.copyOfRange(tag, 2, 16)) + ",type:str]";
        SopsException e = assertThrows(SopsException.class, () -> new ValueCipher().decrypt(shorter, key, "a:"));
        assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
    }

    /** Go's StdEncoding skips carriage returns anywhere in the base64 (sops' regexp lets them through). */
    @Test
    void carriageReturnsInTheBase64AreSkipped() {
        String enc = "ENC[AES256_GCM,data:\roYyi,iv:MyIDYbT718JRr11\rQtBkcj3Dwm4k1aCGZBVeZf0EyV8o=\r"
                + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        assertEquals("foo", new ValueCipher().decrypt(enc, KEY, "bar:").value());
    }

    /** Every value gets its own random 32-byte IV (§2.3): none repeats and none is all zeros, one value at a time or in a batch. */
    @Test
    void everyFreshIvIsRandom() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        byte[] zero = new byte[32];
        for (int i = 0; i < 200; i++) {
            byte[] iv = ValueCipher.newIv();
            assertEquals(32, iv.length);
            assertFalse(Arrays.equals(zero, iv));
            assertTrue(seen.add(Arrays.toString(iv)), "an IV repeated");
        }
        byte[] batch = ValueCipher.newIvs(300);
        assertEquals(300 * 32, batch.length);
        for (int i = 0; i < 300; i++) {
            byte[] iv = Arrays.copyOfRange(batch, i * 32, i * 32 + 32);
            assertFalse(Arrays.equals(zero, iv));
            assertTrue(seen.add(Arrays.toString(iv)), "an IV of the batch repeated");
        }
    }
}
