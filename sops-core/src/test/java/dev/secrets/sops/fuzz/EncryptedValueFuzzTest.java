package dev.secrets.sops.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.sops.aes.EncryptedValue;
import dev.secrets.sops.aes.ValueCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

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
        try {
            byte[] iv = new byte[32];
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(FuzzContract.DATA_KEY, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(AAD.getBytes(StandardCharsets.UTF_8));
            byte[] out = c.doFinal(plaintext);
            Base64.Encoder b64 = Base64.getEncoder();
            return "ENC[AES256_GCM,data:" + b64.encodeToString(Arrays.copyOf(out, out.length - 16)) + ",iv:"
                    + b64.encodeToString(iv) + ",tag:" + b64.encodeToString(Arrays.copyOfRange(out, out.length - 16,
                    out.length)) + ",type:" + type + "]";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
