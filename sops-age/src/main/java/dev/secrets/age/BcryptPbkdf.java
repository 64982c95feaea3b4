package dev.secrets.age;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * OpenBSD's {@code bcrypt_pbkdf}, the KDF of passphrase-protected OpenSSH private keys
 * (openssh-key-v1, kdf {@code bcrypt}): PBKDF2-like rounds over a bcrypt variant that hashes
 * SHA-512 digests of the passphrase and the salt with Blowfish's expensive key schedule, and
 * spreads each round's 32 bytes over the output with a stride. Neither the JDK nor bouncycastle
 * exposes Blowfish's key schedule, so it is written here; the initial state comes from
 * {@link PiWords}. Intermediate digests and the Blowfish state are wiped after use.
 */
final class BcryptPbkdf {
    private static final int HASH_BYTES = 32;
    private static final int SHA512_BYTES = 64;
    /** bcrypt_hash encrypts this text 64 times with the expanded state. */
    private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** 18 P-array words, then four S-boxes of 256: the hexadecimal digits of pi. */
    private static final int[] INITIAL_STATE = PiWords.first(18 + 4 * 256);

    private BcryptPbkdf() {
    }

    /**
     * Computes the initial state on a daemon thread, so that it is ready when the passphrase is
     * typed (a few tens of milliseconds of CPU on a cold JVM, no secret involved). Class
     * initialisation is thread-safe: a caller that gets there first just waits for it.
     */
    static void prepareInBackground() {
        Thread t = new Thread(() -> {
            int unused = INITIAL_STATE.length;
        }, "bcrypt_pbkdf initial state");
        t.setDaemon(true);
        t.start();
    }

    /**
     * @param rounds at least 1 (ssh-keygen's default is 16)
     * @param length the key bytes wanted, 1 to 1024
     */
    static byte[] key(byte[] passphrase, byte[] salt, int rounds, int length) {
        if (rounds < 1 || length < 1 || length > HASH_BYTES * HASH_BYTES || salt.length == 0) {
            throw new IllegalArgumentException("bcrypt_pbkdf: invalid parameters");
        }
        MessageDigest sha512 = sha512();
        int stride = (length + HASH_BYTES - 1) / HASH_BYTES;
        int amount = (length + stride - 1) / stride;
        byte[] key = new byte[length];
        byte[] sha2pass = sha512.digest(passphrase);
        byte[] countSalt = Arrays.copyOf(salt, salt.length + 4);
        byte[] sha2salt = null;
        byte[] hash = new byte[HASH_BYTES];
        byte[] out = new byte[HASH_BYTES];
        int[] state = new int[INITIAL_STATE.length];
        try {
            for (int count = 1, remaining = length; remaining > 0; count++) {
                countSalt[salt.length] = (byte) (count >>> 24);
                countSalt[salt.length + 1] = (byte) (count >>> 16);
                countSalt[salt.length + 2] = (byte) (count >>> 8);
                countSalt[salt.length + 3] = (byte) count;
                sha2salt = sha512.digest(countSalt);
                hash(sha2pass, sha2salt, state, hash);
                System.arraycopy(hash, 0, out, 0, HASH_BYTES);
                for (int r = 1; r < rounds; r++) {
                    Arrays.fill(sha2salt, (byte) 0);
                    sha2salt = sha512.digest(hash);
                    hash(sha2pass, sha2salt, state, hash);
                    for (int j = 0; j < HASH_BYTES; j++) {
                        out[j] ^= hash[j];
                    }
                }
                int taken = Math.min(amount, remaining);
                int i = 0;
                for (; i < taken; i++) {
                    int dest = i * stride + (count - 1);
                    if (dest >= length) {
                        break;
                    }
                    key[dest] = out[i];
                }
                remaining -= i;
            }
            return key;
        } finally {
            Arrays.fill(sha2pass, (byte) 0);
            if (sha2salt != null) {
                Arrays.fill(sha2salt, (byte) 0);
            }
            Arrays.fill(countSalt, (byte) 0);
            Arrays.fill(hash, (byte) 0);
            Arrays.fill(out, (byte) 0);
            Arrays.fill(state, 0);
        }
    }

    /** bcrypt_hash: 32 bytes from the two digests, into {@code hash}; {@code state} is scratch space. */
    private static void hash(byte[] sha2pass, byte[] sha2salt, int[] state, byte[] hash) {
        System.arraycopy(INITIAL_STATE, 0, state, 0, state.length);
        expand(state, sha2salt, sha2pass);
        for (int i = 0; i < 64; i++) {
            expand(state, null, sha2salt);
            expand(state, null, sha2pass);
        }
        int[] text = new int[8];
        int[] at = {0};
        for (int i = 0; i < 8; i++) {
            text[i] = nextWord(MAGIC, at);
        }
        int[] block = new int[2];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 8; j += 2) {
                block[0] = text[j];
                block[1] = text[j + 1];
                encipher(state, block);
                text[j] = block[0];
                text[j + 1] = block[1];
            }
        }
        for (int i = 0; i < 8; i++) { // each word little-endian, unlike the rest of Blowfish
            hash[4 * i] = (byte) text[i];
            hash[4 * i + 1] = (byte) (text[i] >>> 8);
            hash[4 * i + 2] = (byte) (text[i] >>> 16);
            hash[4 * i + 3] = (byte) (text[i] >>> 24);
        }
        Arrays.fill(text, 0);
        Arrays.fill(block, 0);
    }

    /**
     * Blowfish's key schedule: the key is XORed into the P-array, then the whole state is rewritten
     * by encrypting a running block, mixed with the data when there is some (Blowfish_expandstate)
     * and without (Blowfish_expand0state).
     */
    private static void expand(int[] state, byte[] data, byte[] key) {
        int[] at = {0};
        for (int i = 0; i < 18; i++) {
            state[i] ^= nextWord(key, at);
        }
        int[] block = new int[2];
        int[] dataAt = {0};
        for (int i = 0; i < state.length; i += 2) {
            if (data != null) {
                block[0] ^= nextWord(data, dataAt);
                block[1] ^= nextWord(data, dataAt);
            }
            encipher(state, block);
            state[i] = block[0];
            state[i + 1] = block[1];
        }
    }

    /** The next big-endian word of {@code bytes}, read cyclically from {@code at[0]}. */
    private static int nextWord(byte[] bytes, int[] at) {
        int w = 0;
        for (int i = 0; i < 4; i++) {
            w = (w << 8) | (bytes[at[0]] & 0xff);
            at[0] = (at[0] + 1) % bytes.length;
        }
        return w;
    }

    /** One Blowfish block encryption in place: 16 Feistel rounds with the state's P-array and S-boxes. */
    private static void encipher(int[] state, int[] block) {
        int left = block[0] ^ state[0];
        int right = block[1];
        for (int round = 1; round <= 16; round += 2) {
            right ^= f(state, left) ^ state[round];
            left ^= f(state, right) ^ state[round + 1];
        }
        block[0] = right ^ state[17];
        block[1] = left;
    }

    private static int f(int[] s, int x) {
        return ((s[18 + (x >>> 24)] + s[18 + 256 + ((x >>> 16) & 0xff)]) ^ s[18 + 512 + ((x >>> 8) & 0xff)])
                + s[18 + 768 + (x & 0xff)];
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
