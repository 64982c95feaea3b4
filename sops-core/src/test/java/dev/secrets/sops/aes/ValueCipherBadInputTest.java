package dev.secrets.sops.aes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.testing.RawEnc;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Encrypted values the cipher must refuse with a clean, one-line SopsException (fuzzing findings). */
class ValueCipherBadInputTest {
    private static final byte[] KEY = new byte[32];
    private static final String IV = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static SopsException refused(String enc, String aad) {
        SopsException e = assertThrows(SopsException.class, () -> new ValueCipher().decrypt(enc, KEY, aad));
        assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
        return e;
    }

    /** data + tag shorter than a GCM tag: the JDK threw ProviderException (ShortBufferException). */
    @Test
    void sealedValueShorterThanATag() {
        assertEquals("Could not decrypt value at 'a:': authentication failed (wrong key or tampered value)",
                refused("ENC[AES256_GCM,data:aGVsbG8=,iv:" + IV + ",tag:AAAAAAAA,type:str]", "a:").getMessage());
    }

    /** The type text is read from the file: a CR in it broke the message. */
    @Test
    void unknownTypeWithCarriageReturnStaysOnOneLine() {
        assertEquals("Unknown datatype: \\r\\u0000\\u2028x", refused(seal("x", "\r\u0000\u2028x", "a:"), "a:").getMessage());
    }

    /** The AAD is the key path, and keys may hold newlines. */
    @Test
    void keyPathWithNewlineStaysOnOneLine() {
        String enc = seal("x", "str", "other:");
        assertEquals("Could not decrypt value at 'a\\nb:': authentication failed (wrong key or tampered value)",
                refused(enc, "a\nb:").getMessage());
    }

    static String seal(String plaintext, String type, String aad) {
        return RawEnc.seal(KEY, aad, plaintext.getBytes(StandardCharsets.UTF_8), type);
    }
}
