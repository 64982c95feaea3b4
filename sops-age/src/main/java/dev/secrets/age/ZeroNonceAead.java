package dev.secrets.age;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** ChaCha20-Poly1305 with an all-zero nonce and no associated data: how age wraps a file key. */
final class ZeroNonceAead {
    private ZeroNonceAead() {
    }

    static byte[] seal(byte[] key, byte[] plaintext) throws GeneralSecurityException {
        return cipher(Cipher.ENCRYPT_MODE, key).doFinal(plaintext);
    }

    static byte[] open(byte[] key, byte[] ciphertext) throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, key).doFinal(ciphertext);
    }

    private static Cipher cipher(int mode, byte[] key) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
        return c;
    }
}
