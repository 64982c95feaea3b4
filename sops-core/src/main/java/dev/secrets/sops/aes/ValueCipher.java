package dev.secrets.sops.aes;

import dev.secrets.sops.internal.GoTypes;
import dev.secrets.sops.internal.ErrorText;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.internal.GoValues;
import dev.secrets.sops.tree.RawString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * sops' value cipher (aes/cipher.go): AES-256-GCM with a 32-byte random IV, the value's key path as
 * AAD, and a type tag. One instance per file: it remembers the IV of every value it decrypted
 * (the "stash"), so re-encrypting an unchanged value with the same key reproduces the same
 * ciphertext and a one-value edit is a one-line diff.
 *
 * <p>The per-value work ({@link Gcm}) holds no state of this class, so {@link TreeCipher} can run it
 * on several threads; the stash is only touched by the thread that walks the tree.
 */
public final class ValueCipher {
    static final int IV_SIZE = 32;
    private static final int TAG_BITS = 128;
    static final int TAG_SIZE = TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<StashKey, byte[]> stash = new HashMap<>();
    /**
     * IVs remembered while decrypting, in order, not yet in the map: a file that is only read never
     * pays for hashing every plaintext into the map.
     */
    private final List<Object[]> unstashed = new ArrayList<>();
    private Gcm gcm;

    /** Drops the remembered IVs and plaintexts (the stash) and the cached key. */
    public void forget() {
        stash.clear();
        unstashed.clear();
        if (gcm != null) {
            gcm.forget();
        }
        gcm = null;
    }

    /** The result of decrypting one value: the typed value and its plaintext bytes. */
    public record Plain(Object value, byte[] bytes) {
    }

    /**
     * Encrypts a leaf. Empty strings and empty comments are not encrypted (sops stores them as
     * {@code ""}). A byte[] is written as type {@code str}: sops never emits {@code bytes}.
     */
    public String encrypt(Object value, byte[] key, String aad) {
        String type = typeOf(value);
        byte[] plaintext = GoValues.toBytes(value);
        if (isUnencryptedEmpty(value, plaintext)) {
            return "";
        }
        byte[] iv = stashedIv(aad, type, plaintext);
        if (iv == null) {
            iv = newIv();
        }
        return gcm(key).encrypt(plaintext, iv, aad, type);
    }

    /** Decrypts a leaf; {@code ""} stays {@code ""}. Remembers the IV for later re-encryption. */
    public Plain decrypt(String encrypted, byte[] key, String aad) {
        if (encrypted.isEmpty()) {
            return new Plain("", new byte[0]);
        }
        Decrypted d = gcm(key).decrypt(encrypted, aad);
        stash(aad, d.type, d.macBytes, d.iv);
        return new Plain(d.value, d.plaintext);
    }

    private Gcm gcm(byte[] key) {
        if (gcm == null || !gcm.hasKey(key)) {
            if (gcm != null) {
                gcm.forget();
            }
            gcm = new Gcm(key);
        }
        return gcm;
    }

    /** Empty strings and comments stay "" (sops does not encrypt them). */
    static boolean isUnencryptedEmpty(Object value, byte[] plaintext) {
        return plaintext.length == 0 && (value instanceof String || value instanceof Comment || value instanceof RawString);
    }

    static byte[] newIv() {
        byte[] iv = new byte[IV_SIZE];
        RANDOM.nextBytes(iv);
        return iv;
    }

    /** Fresh IVs for n values in one call to the random source, IV_SIZE bytes each. */
    static byte[] newIvs(int n) {
        byte[] ivs = new byte[IV_SIZE * n];
        RANDOM.nextBytes(ivs);
        return ivs;
    }

    /** The IV a decrypted value had, if this exact value (aad, type, plaintext) was decrypted before. */
    byte[] stashedIv(String aad, String type, byte[] plaintext) {
        if (!unstashed.isEmpty()) {
            for (Object[] e : unstashed) {
                stash.put((StashKey) e[0], (byte[]) e[1]);
            }
            unstashed.clear();
        }
        if (stash.isEmpty()) {
            return null;
        }
        return stash.get(new StashKey(aad, type, ByteBuffer.wrap(plaintext)));
    }

    /** Whether any IV is remembered (else no lookup can hit). */
    boolean hasStash() {
        return !stash.isEmpty() || !unstashed.isEmpty();
    }

    void stash(String aad, String type, byte[] macBytes, byte[] iv) {
        unstashed.add(new Object[] {new StashKey(aad, type, ByteBuffer.wrap(macBytes)), iv});
    }

    /** One value decrypted: the typed value, its plaintext, its bytes as sops hashes them, type and IV. */
    static final class Decrypted {
        final Object value;
        final byte[] plaintext;
        final byte[] macBytes;
        final String type;
        final byte[] iv;

        Decrypted(Object value, byte[] plaintext, byte[] macBytes, String type, byte[] iv) {
            this.value = value;
            this.plaintext = plaintext;
            this.macBytes = macBytes;
            this.type = type;
            this.iv = iv;
        }
    }

    /**
     * AES-256-GCM for one key on one thread: one Cipher per direction, re-initialised per value
     * (getInstance and the AES key schedule are most of the cost of a small value).
     */
    static final class Gcm {
        private final byte[] keyBytes;
        private final SecretKeySpec keySpec;
        private Cipher encryptor;
        private Cipher decryptor;

        Gcm(byte[] key) {
            this.keyBytes = key.clone();
            this.keySpec = new SecretKeySpec(key, "AES");
        }

        boolean hasKey(byte[] key) {
            return java.util.Arrays.equals(keyBytes, key);
        }

        void forget() {
            java.util.Arrays.fill(keyBytes, (byte) 0);
        }

        /** The ENC[...] text of a plaintext (not empty) with this IV. */
        String encrypt(byte[] plaintext, byte[] iv, String aad, String type) {
            byte[] sealed = run(Cipher.ENCRYPT_MODE, iv, aad, plaintext);
            return EncryptedValue.format(sealed, iv, type);
        }

        /** Decrypts a non-empty ENC[...] text; throws SopsException as sops fails. */
        Decrypted decrypt(String encrypted, String aad) {
            EncryptedValue.Sealed ev = EncryptedValue.parseSealed(encrypted);
            if (ev.sealed().length < TAG_BITS / 8) {
                // Go's GCM Open: shorter than one tag never authenticates (the JDK's GCM throws a
                // ProviderException here instead of AEADBadTagException)
                throw authenticationFailed(aad);
            }
            byte[] plaintext = run(Cipher.DECRYPT_MODE, ev.iv(), aad, ev.sealed());
            Object value = parse(ev.type(), plaintext);
            // The bytes sops hashes (ToBytes of the typed value): the plaintext itself for a string.
            byte[] macBytes = value instanceof RawString || (value instanceof String && ev.type().equals("str"))
                    ? plaintext : GoValues.toBytes(value);
            return new Decrypted(value, plaintext, macBytes, ev.type(), ev.iv());
        }

        private byte[] run(int mode, byte[] iv, String aad, byte[] input) {
            try {
                Cipher c = cipher(mode, iv);
                c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
                return c.doFinal(input);
            } catch (javax.crypto.AEADBadTagException e) {
                throw authenticationFailed(aad);
            } catch (GeneralSecurityException | IllegalArgumentException | java.security.ProviderException e) {
                throw new SopsException(mode == Cipher.ENCRYPT_MODE ? ExitCodes.ERROR_ENCRYPTING_TREE
                        : ExitCodes.ERROR_DECRYPTING_TREE, "AES-GCM failed at '" + ErrorText.escape(aad) + "': " + e.getClass().getSimpleName());
            }
        }

        private static SopsException authenticationFailed(String aad) {
            return new SopsException(ExitCodes.ERROR_DECRYPTING_TREE,
                    "Could not decrypt value at '" + ErrorText.escape(aad) + "': authentication failed (wrong key or tampered value)");
        }

        /**
         * The JDK refuses to encrypt twice in a row with the same key and IV on one instance; the
         * stash reuses IVs on purpose (same plaintext and AAD), so that case gets a fresh instance.
         */
        private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
            Cipher c = mode == Cipher.ENCRYPT_MODE ? encryptor : decryptor;
            if (c == null) {
                c = Cipher.getInstance("AES/GCM/NoPadding");
            }
            try {
                c.init(mode, keySpec, new GCMParameterSpec(TAG_BITS, iv));
            } catch (java.security.InvalidAlgorithmParameterException e) {
                if (mode != Cipher.ENCRYPT_MODE) {
                    throw e;
                }
                c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(mode, keySpec, new GCMParameterSpec(TAG_BITS, iv));
            }
            if (mode == Cipher.ENCRYPT_MODE) {
                encryptor = c;
            } else {
                decryptor = c;
            }
            return c;
        }
    }

    static String typeOf(Object value) {
        if (value instanceof String || value instanceof RawString || value instanceof byte[]) {
            return "str";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof OffsetDateTime) {
            return "time";
        }
        if (value instanceof Comment) {
            return "comment";
        }
        throw new SopsException(ExitCodes.ERROR_ENCRYPTING_TREE, "Cannot encrypt value of type " + GoTypes.of(value));
    }

    /** Converts decrypted bytes back to a typed value as sops does (strconv rules). */
    static Object parse(String type, byte[] plaintext) {
        String text = null;
        try {
            switch (type) {
                case "str":
                    return Utf8.isValid(plaintext) ? new String(plaintext, StandardCharsets.UTF_8) : new RawString(plaintext);
                case "int":
                    text = new String(plaintext, StandardCharsets.UTF_8);
                    return Long.parseLong(text);
                case "float":
                    text = new String(plaintext, StandardCharsets.UTF_8);
                    return GoParse.parseFloat(text);
                case "bool":
                    text = new String(plaintext, StandardCharsets.UTF_8);
                    return GoParse.parseBool(text);
                case "time":
                    return OffsetDateTime.parse(new String(plaintext, StandardCharsets.UTF_8));
                case "comment":
                    return new Comment(new String(plaintext, StandardCharsets.UTF_8));
                case "bytes":
                    return plaintext;
                default:
                    throw new SopsException(ExitCodes.ERROR_DECRYPTING_TREE, "Unknown datatype: " + ErrorText.escape(type));
            }
        } catch (RuntimeException e) {
            if (e instanceof SopsException se) {
                throw se;
            }
            throw new SopsException(ExitCodes.ERROR_DECRYPTING_TREE, "Error decoding decrypted value of type " + ErrorText.escape(type));
        }
    }

    private record StashKey(String aad, String type, ByteBuffer plaintext) {
    }
}
