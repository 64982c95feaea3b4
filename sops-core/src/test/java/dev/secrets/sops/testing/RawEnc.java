package dev.secrets.sops.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An {@code ENC[...]} value sealed with the JDK's AES-GCM directly, independent of ValueCipher, with
 * a fixed zero IV and any type text: for tests that need values ValueCipher would never write.
 */
public final class RawEnc {
    private RawEnc() {
    }

    public static String seal(byte[] key, String aad, byte[] plaintext, String type) {
        try {
            byte[] iv = new byte[32];
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
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
