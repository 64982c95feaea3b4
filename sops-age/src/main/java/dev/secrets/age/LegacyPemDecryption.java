package dev.secrets.age;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a legacy OpenSSL-encrypted PEM block ({@code Proc-Type: 4,ENCRYPTED} with
 * {@code DEK-Info: CIPHER,IV}, what {@code ssh-keygen -m PEM} writes for RSA) as Go's
 * x509.DecryptPEMBlock, which x/crypto/ssh and so sops use: the ciphers of RFC 1423's successors
 * that Go knows (DES-CBC, DES-EDE3-CBC, AES-128/192/256-CBC), the key from OpenSSL's
 * EVP_BytesToKey (MD5, one iteration, the first 8 IV bytes as salt), PKCS#7 padding whose check is
 * the only sign of a wrong passphrase (the caller also treats an unreadable key as one).
 */
final class LegacyPemDecryption {
    private record Algorithm(String name, String jce, int keySize, int blockSize) {
    }

    private static final Algorithm[] ALGORITHMS = {
        new Algorithm("DES-CBC", "DES", 8, 8),
        new Algorithm("DES-EDE3-CBC", "DESede", 24, 8),
        new Algorithm("AES-128-CBC", "AES", 16, 16),
        new Algorithm("AES-192-CBC", "AES", 24, 16),
        new Algorithm("AES-256-CBC", "AES", 32, 16),
    };

    private LegacyPemDecryption() {
    }

    /** Why such a block cannot be decrypted whatever the passphrase (Go's words), or null. */
    static String unusable(String label, String dekInfo) {
        if (dekInfo == null) {
            return "ssh: not an encrypted key";
        }
        int comma = dekInfo.indexOf(',');
        if (comma < 0) {
            return "x509: malformed DEK-Info header";
        }
        Algorithm a = algorithm(dekInfo.substring(0, comma));
        if (a == null) {
            return "x509: unknown encryption mode";
        }
        byte[] iv;
        try {
            iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).trim());
        } catch (IllegalArgumentException e) {
            return "x509: malformed DEK-Info IV";
        }
        if (iv.length != a.blockSize) {
            return "x509: incorrect IV size";
        }
        if (!"RSA PRIVATE KEY".equals(label)) {
            return "ssh: unsupported key type " + GoQuote.quote(label) + " (age takes ssh-ed25519 and ssh-rsa keys)";
        }
        return null;
    }

    /** The decrypted DER (a new array; the caller wipes it). */
    static byte[] decrypt(String label, String dekInfo, byte[] body, byte[] passphrase) {
        String problem = unusable(label, dekInfo);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int comma = dekInfo.indexOf(',');
        Algorithm a = algorithm(dekInfo.substring(0, comma));
        byte[] iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).trim());
        if (body.length % a.blockSize != 0) {
            throw new IllegalArgumentException("x509: encrypted PEM data is not a multiple of the block size");
        }
        byte[] key = bytesToKey(passphrase, Arrays.copyOf(iv, 8), a.keySize);
        byte[] data;
        try {
            Cipher c = Cipher.getInstance(a.jce + "/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, a.jce), new IvParameterSpec(iv));
            data = c.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(a.name + " is unavailable: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        int pad = data.length == 0 ? 0 : data[data.length - 1] & 0xff;
        boolean padded = pad >= 1 && pad <= a.blockSize && pad <= data.length;
        for (int i = data.length - pad; padded && i < data.length; i++) {
            padded = (data[i] & 0xff) == pad;
        }
        if (!padded) {
            Arrays.fill(data, (byte) 0);
            throw new SshPrivateKeys.IncorrectPassphrase();
        }
        byte[] der = Arrays.copyOf(data, data.length - pad);
        Arrays.fill(data, (byte) 0);
        return der;
    }

    private static Algorithm algorithm(String name) {
        for (Algorithm a : ALGORITHMS) {
            if (a.name.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** OpenSSL's EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i-1} || passphrase || salt). */
    private static byte[] bytesToKey(byte[] passphrase, byte[] salt, int size) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] out = new byte[size];
            byte[] digest = new byte[0];
            for (int filled = 0; filled < size; filled += digest.length) {
                md5.update(digest);
                md5.update(passphrase);
                md5.update(salt);
                Arrays.fill(digest, (byte) 0);
                digest = md5.digest();
                System.arraycopy(digest, 0, out, filled, Math.min(digest.length, size - filled));
            }
            Arrays.fill(digest, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
