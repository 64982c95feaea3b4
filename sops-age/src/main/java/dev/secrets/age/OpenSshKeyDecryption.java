package dev.secrets.age;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts the private block of a passphrase-protected openssh-key-v1 file as
 * golang.org/x/crypto/ssh does (passphraseProtectedOpenSSHKey), so exactly what sops opens: kdf
 * {@code bcrypt} with at most 2048 rounds, cipher {@code aes256-ctr} (ssh-keygen's default) or
 * {@code aes256-cbc}, key and IV the 48 bytes of bcrypt_pbkdf. x/crypto refuses
 * {@code aes256-gcm@openssh.com} and {@code chacha20-poly1305@openssh.com} ({@code ssh-keygen -Z}),
 * so sops cannot use such keys and neither do we; the error says so before any passphrase is asked.
 */
final class OpenSshKeyDecryption {
    static final String AES256_CTR = "aes256-ctr";
    static final String AES256_CBC = "aes256-cbc";

    private OpenSshKeyDecryption() {
    }

    /** Why a key with these parameters cannot be decrypted whatever the passphrase (x/crypto's words), or null. */
    static String unusable(String cipher, String kdf, byte[] kdfOptions) {
        if ("none".equals(kdf) || "none".equals(cipher)) {
            return "ssh: key is not password protected";
        }
        if (!"bcrypt".equals(kdf)) {
            return "ssh: unknown KDF " + GoQuote.quote(kdf) + ", only supports \"bcrypt\"";
        }
        BcryptOptions options;
        try {
            options = BcryptOptions.parse(kdfOptions);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (Integer.toUnsignedLong(options.rounds) > SshPrivateKeys.MAX_BCRYPT_ROUNDS) {
            return "ssh: bcrypt KDF rounds " + Integer.toUnsignedString(options.rounds) + " exceed maximum "
                    + SshPrivateKeys.MAX_BCRYPT_ROUNDS;
        }
        if (options.rounds < 1) {
            return "bcrypt_pbkdf: number of rounds is too small";
        }
        if (options.salt.length == 0) {
            return "bcrypt_pbkdf: empty salt";
        }
        if (!AES256_CTR.equals(cipher) && !AES256_CBC.equals(cipher)) {
            return "ssh: unknown cipher " + GoQuote.quote(cipher) + ", only supports \"" + AES256_CTR + "\" or \""
                    + AES256_CBC + "\"";
        }
        return null;
    }

    /** The decrypted private block (a new array; the caller wipes it). */
    static byte[] decrypt(String cipher, String kdf, byte[] kdfOptions, byte[] block, byte[] passphrase) {
        String problem = unusable(cipher, kdf, kdfOptions);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (AES256_CBC.equals(cipher) && block.length % 16 != 0) {
            throw new IllegalArgumentException("ssh: invalid encrypted private key length, not a multiple of the block size");
        }
        BcryptOptions options = BcryptOptions.parse(kdfOptions);
        byte[] keyAndIv = BcryptPbkdf.key(passphrase, options.salt, options.rounds, 32 + 16);
        SecretKeySpec key = new SecretKeySpec(keyAndIv, 0, 32, "AES"); // a copy the JDK cannot wipe
        try {
            Cipher c = Cipher.getInstance(AES256_CTR.equals(cipher) ? "AES/CTR/NoPadding" : "AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(keyAndIv, 32, 16));
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is unavailable: " + e.getMessage(), e);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    /** The kdf options string of kdf bcrypt: the salt, then the rounds. */
    private record BcryptOptions(byte[] salt, int rounds) {
        static BcryptOptions parse(byte[] options) {
            try {
                SshWireReader r = new SshWireReader(options);
                byte[] salt = r.readString();
                int rounds = r.readUint32();
                return new BcryptOptions(salt, rounds);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ssh: malformed bcrypt KDF options");
            }
        }
    }
}
