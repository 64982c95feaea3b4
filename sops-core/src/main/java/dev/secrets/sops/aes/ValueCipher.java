package dev.secrets.sops.aes;

import dev.secrets.sops.tree.GoTypes;
import dev.secrets.sops.ErrorText;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.GoValues;
import dev.secrets.sops.tree.RawString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * sops' value cipher (aes/cipher.go): AES-256-GCM with a 32-byte random IV, the value's key path as
 * AAD, and a type tag. One instance per file: it remembers the IV of every value it decrypted
 * (the "stash"), so re-encrypting an unchanged value with the same key reproduces the same
 * ciphertext and a one-value edit is a one-line diff.
 */
public final class ValueCipher {
    static final int IV_SIZE = 32;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<StashKey, byte[]> stash = new HashMap<>();
    private Cipher encryptor;
    private Cipher decryptor;
    private byte[] keyBytes;
    private SecretKeySpec keySpec;

    /** Drops the remembered IVs and plaintexts (the stash) and the cached key. */
    public void forget() {
        stash.clear();
        if (keyBytes != null) {
            java.util.Arrays.fill(keyBytes, (byte) 0);
        }
        keyBytes = null;
        keySpec = null;
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
        if (plaintext.length == 0 && (value instanceof String || value instanceof Comment || value instanceof RawString)) {
            return "";
        }
        byte[] iv = stash.get(new StashKey(aad, type, ByteBuffer.wrap(plaintext)));
        if (iv == null) {
            iv = new byte[IV_SIZE];
            RANDOM.nextBytes(iv);
        }
        byte[] out = gcm(Cipher.ENCRYPT_MODE, key, iv, aad, plaintext);
        byte[] data = Arrays.copyOf(out, out.length - 16);
        byte[] tag = Arrays.copyOfRange(out, out.length - 16, out.length);
        return new EncryptedValue(data, iv, tag, type).format();
    }

    /** Decrypts a leaf; {@code ""} stays {@code ""}. Remembers the IV for later re-encryption. */
    public Plain decrypt(String encrypted, byte[] key, String aad) {
        if (encrypted.isEmpty()) {
            return new Plain("", new byte[0]);
        }
        EncryptedValue ev = EncryptedValue.parse(encrypted);
        if (ev.data().length + ev.tag().length < TAG_BITS / 8) {
            // Go's GCM Open: shorter than one tag never authenticates (the JDK's GCM throws a
            // ProviderException here instead of AEADBadTagException)
            throw authenticationFailed(aad);
        }
        byte[] sealed = new byte[ev.data().length + ev.tag().length];
        System.arraycopy(ev.data(), 0, sealed, 0, ev.data().length);
        System.arraycopy(ev.tag(), 0, sealed, ev.data().length, ev.tag().length);
        byte[] plaintext = gcm(Cipher.DECRYPT_MODE, key, ev.iv(), aad, sealed);
        Object value = parse(ev.type(), plaintext);
        stash.put(new StashKey(aad, ev.type(), ByteBuffer.wrap(GoValues.toBytes(value))), ev.iv());
        return new Plain(value, plaintext);
    }

    private byte[] gcm(int mode, byte[] key, byte[] iv, String aad, byte[] input) {
        try {
            Cipher c = cipher(mode, key, iv);
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
     * One Cipher per direction, re-initialised per value: getInstance and the AES key schedule are most
     * of the cost of a small value. The JDK refuses to encrypt twice in a row with the same key and IV
     * on one instance; the stash reuses IVs on purpose (same plaintext and AAD), so that case gets a
     * fresh instance.
     */
    private Cipher cipher(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
        Cipher c = mode == Cipher.ENCRYPT_MODE ? encryptor : decryptor;
        if (c == null) {
            c = Cipher.getInstance("AES/GCM/NoPadding");
        }
        if (keySpec == null || !java.util.Arrays.equals(keyBytes, key)) {
            keyBytes = key.clone();
            keySpec = new SecretKeySpec(key, "AES");
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
            throw new SopsException(ExitCodes.ERROR_DECRYPTING_TREE, "Error decoding decrypted value of type "
                    + ErrorText.escape(type));
        }
    }

    private record StashKey(String aad, String type, ByteBuffer plaintext) {
    }
}
