package dev.secrets.sops.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.sops.aes.EncryptedValue;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.testing.RawEnc;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]} parser, and the step after it: a value that
 * authenticates but whose plaintext or type is anything at all (what a tampered-but-keyed or a
 * foreign writer's file holds).
 */
class EncryptedValueFuzzTest {
    private static final String AAD = "fuzz:value:";

    /** Any string as an encrypted value: parsed, written back, and decrypted with a key. */
    @FuzzTest
    void parse(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        refusalIsClean(() -> {
            EncryptedValue v = EncryptedValue.parse(s);
            EncryptedValue.parse(v.format());
        });
        refusalIsClean(() -> new ValueCipher().decrypt(s, FuzzContract.DATA_KEY, AAD));
    }

    /**
     * Input: one byte n, n bytes of type name, then the plaintext. Sealed with the right key, so the
     * typed-value decoding runs; a decoded value is encrypted and decrypted again (edit, rotate).
     */
    @FuzzTest
    void typedValue(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int n = Math.min(input[0] & 0xff, input.length - 1);
        String type = new String(input, 1, n, StandardCharsets.UTF_8);
        byte[] plaintext = Arrays.copyOfRange(input, 1 + n, input.length);
        String enc = seal(plaintext, type);
        refusalIsClean(() -> {
            ValueCipher cipher = new ValueCipher();
            Object value = cipher.decrypt(enc, FuzzContract.DATA_KEY, AAD).value();
            String again = cipher.encrypt(value, FuzzContract.DATA_KEY, AAD);
            cipher.decrypt(again, FuzzContract.DATA_KEY, AAD);
        });
    }

    /** An ENC[...] value as sops writes it, with a fixed IV and any type text. */
    static String seal(byte[] plaintext, String type) {
        return RawEnc.seal(FuzzContract.DATA_KEY, AAD, plaintext, type);
    }
}
