package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.security.GeneralSecurityException;

/** A native age identity, {@code AGE-SECRET-KEY-1…}; unwrapping is jagged's X25519 stanza reader. */
public final class X25519Identity implements AgeIdentity {
    static final String SECRET_KEY_HRP = "AGE-SECRET-KEY-";

    private final String encoded;
    private final byte[] scalar;
    private RecipientStanzaReader reader;
    private String recipient;

    private X25519Identity(String encoded, byte[] scalar) {
        this.encoded = encoded;
        this.scalar = scalar;
    }

    /**
     * Parses an {@code AGE-SECRET-KEY-1…} string.
     *
     * @throws IllegalArgumentException "malformed secret key: …", never echoing the key
     */
    public static X25519Identity parse(String s) {
        Bech32Address address;
        try {
            address = Bech32.getDecoder().decode(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed secret key: invalid Bech32 encoding");
        }
        if (!SECRET_KEY_HRP.contentEquals(address.getHumanReadablePart())) {
            throw new IllegalArgumentException("malformed secret key: unknown type");
        }
        byte[] data = address.getData();
        if (data.length != 32) {
            throw new IllegalArgumentException("malformed secret key: invalid length");
        }
        return new X25519Identity(s, data);
    }

    static X25519Identity fromScalar(byte[] scalar) {
        String encoded = Bech32.getEncoder().encode(SECRET_KEY_HRP.toLowerCase(java.util.Locale.ROOT), scalar).toString()
                .toUpperCase(java.util.Locale.ROOT);
        return new X25519Identity(encoded, scalar.clone());
    }

    @Override
    public String kind() {
        return "X25519";
    }

    @Override
    public synchronized String recipient() {
        if (recipient == null) {
            try {
                recipient = Bech32.getEncoder().encode("age", X25519.publicKey(scalar)).toString();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("X25519 is not available", e);
            }
        }
        return recipient;
    }

    /** The {@code AGE-SECRET-KEY-1…} form. */
    String encoded() {
        return encoded;
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        RecipientStanzaReader r;
        synchronized (this) {
            if (reader == null) {
                reader = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(encoded);
            }
            r = reader;
        }
        return r.getFileKey(stanzas);
    }

    @Override
    public String toString() {
        return "X25519Identity[" + recipient() + "]";
    }
}
