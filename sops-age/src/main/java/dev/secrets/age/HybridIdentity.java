package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import javax.crypto.AEADBadTagException;

/**
 * A post-quantum hybrid age identity, {@code AGE-SECRET-KEY-PQ-1…} (age 1.3 {@code HybridIdentity}):
 * a 32-byte MLKEM768-X25519 seed. The seed is expanded (and bouncycastle loaded) only when a
 * {@code mlkem768x25519} stanza is met or the recipient is asked for, so a keys.txt holding a PQ
 * key costs nothing when opening classic files.
 */
public final class HybridIdentity implements AgeIdentity {
    static final String SECRET_KEY_HRP = "AGE-SECRET-KEY-PQ-";
    private static final int FILE_KEY_SIZE = 16;
    private static final int BODY_SIZE = FILE_KEY_SIZE + 16;

    private final byte[] seed;
    private MlKem768X25519.PrivateKey key;

    private HybridIdentity(byte[] seed) {
        this.seed = seed;
    }

    /**
     * Parses an {@code AGE-SECRET-KEY-PQ-1…} string (upper case, as age requires).
     *
     * @throws IllegalArgumentException "malformed secret key: …", never echoing the key
     */
    public static HybridIdentity parse(String s) {
        LongBech32.Decoded d;
        try {
            d = LongBech32.decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed secret key: invalid Bech32 encoding");
        }
        if (!SECRET_KEY_HRP.equals(d.hrp())) {
            throw new IllegalArgumentException("malformed secret key: unknown type");
        }
        if (d.data().length != MlKem768X25519.SEED_SIZE) {
            throw new IllegalArgumentException("malformed secret key: invalid MLKEM768-X25519 secret key");
        }
        return new HybridIdentity(d.data());
    }

    /** A new random identity, as age-keygen -pq. */
    static HybridIdentity generate() {
        byte[] seed = new byte[MlKem768X25519.SEED_SIZE];
        new SecureRandom().nextBytes(seed);
        return new HybridIdentity(seed);
    }

    @Override
    public String kind() {
        return HybridRecipient.STANZA_TYPE;
    }

    /** The {@code age1pq1…} recipient. */
    @Override
    public String recipient() {
        try {
            return HybridRecipient.encode(key().publicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MLKEM768-X25519 is not available", e);
        }
    }

    /** The {@code AGE-SECRET-KEY-PQ-1…} form. */
    String encoded() {
        return LongBech32.encode(SECRET_KEY_HRP, seed).toUpperCase(Locale.ROOT);
    }

    private synchronized MlKem768X25519.PrivateKey key() throws GeneralSecurityException {
        if (key == null) {
            key = MlKem768X25519.expand(seed);
        }
        return key;
    }

    /**
     * As age's HybridIdentity.Unwrap: stanzas of other types are skipped; a malformed
     * {@code mlkem768x25519} stanza is an error; one that does not open is not for this key
     * (with ML-KEM's implicit rejection a wrong key only shows as a failed AEAD tag).
     */
    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        for (RecipientStanza s : stanzas) {
            if (!HybridRecipient.STANZA_TYPE.equals(s.getType())) {
                continue;
            }
            List<String> args = s.getArguments();
            if (args.size() != 1) {
                throw new GeneralSecurityException("invalid mlkem768x25519 recipient block");
            }
            byte[] enc;
            try {
                enc = StanzaBase64.decode(args.get(0));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("failed to parse mlkem768x25519 recipient: " + e.getMessage());
            }
            byte[] body = s.getBody();
            if (body.length != BODY_SIZE) {
                throw new GeneralSecurityException("invalid ciphertext size");
            }
            byte[] sharedSecret;
            try {
                sharedSecret = MlKem768X25519.decapsulate(key(), enc);
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException("invalid mlkem768x25519 recipient: " + e.getMessage());
            }
            try {
                return new FileKey(HpkeBase.open(MlKem768X25519.KEM_ID, sharedSecret, HybridRecipient.LABEL, body));
            } catch (AEADBadTagException e) {
                // another key's stanza
            }
        }
        throw new UnsupportedRecipientStanzaException("no mlkem768x25519 stanza for this key");
    }

    @Override
    public String toString() {
        return "HybridIdentity[mlkem768x25519]";
    }
}
