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
 * a fixed zero IV and any type text: for tests that need values ValueCipher would never write. And
 * the reverse, {@link #open}, for tests that must read a value without the code under test.
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

    /** The plaintext of a canonical {@code ENC[...]} value (any IV length), or an exception. */
    public static byte[] open(byte[] key, String aad, String enc) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^ENC\\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:[a-z]+\\]$").matcher(enc);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a canonical ENC[...] value");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] data = b64.decode(m.group(1));
        byte[] tag = b64.decode(m.group(3));
        byte[] sealed = Arrays.copyOf(data, data.length + tag.length);
        System.arraycopy(tag, 0, sealed, data.length, tag.length);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, b64.decode(m.group(2))));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ENC[...] value does not open: " + e.getClass().getSimpleName(), e);
        }
    }
}
