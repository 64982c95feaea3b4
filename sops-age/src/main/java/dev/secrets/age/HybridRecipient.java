package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

/**
 * A post-quantum hybrid age recipient, {@code age1pq1…} (age 1.3 {@code HybridRecipient}): Bech32
 * with HRP {@code age1pq} of an MLKEM768-X25519 public key. It writes one {@code mlkem768x25519}
 * stanza: the HPKE enc as the argument, the HPKE-sealed file key as the body.
 */
final class HybridRecipient implements RecipientStanzaWriter {
    static final String HRP = "age1pq";
    static final String STANZA_TYPE = "mlkem768x25519";
    /** The HPKE info string of the stanza. */
    static final byte[] LABEL = "age-encryption.org/mlkem768x25519".getBytes(StandardCharsets.US_ASCII);

    private final byte[] publicKey;

    private HybridRecipient(byte[] publicKey) {
        this.publicKey = publicKey;
    }

    /**
     * Parses as age's ParseHybridRecipient; checks the key without loading bouncycastle.
     *
     * @throws IllegalArgumentException {@code malformed recipient "<r>": <why>}
     */
    static HybridRecipient parse(String s) {
        LongBech32.Decoded d;
        try {
            d = LongBech32.decode(s);
        } catch (IllegalArgumentException e) {
            throw malformed(s, e.getMessage());
        }
        if (!HRP.equals(d.hrp())) {
            throw malformed(s, "invalid type " + GoQuote.quote(d.hrp()));
        }
        if (!isValidPublicKey(d.data())) {
            throw malformed(s, "invalid MLKEM768-X25519 public key");
        }
        return new HybridRecipient(d.data());
    }

    /**
     * Checks a public key as Go's {@code mlkem.NewEncapsulationKey768} and {@code ecdh.X25519} do:
     * the length, and every 12-bit coefficient of the ML-KEM key below q = 3329 (FIPS 203's
     * modulus check). Here, not in {@link MlKem768X25519}, so that parsing a recipient loads no
     * bouncycastle class.
     */
    static boolean isValidPublicKey(byte[] publicKey) {
        if (publicKey.length != MlKem768X25519.PUBLIC_KEY_SIZE) {
            return false;
        }
        // The first 1152 bytes are three 256-coefficient polynomials, two coefficients per 3 bytes.
        for (int i = 0; i < MlKem768X25519.MLKEM_PUBLIC_KEY_SIZE - 32; i += 3) {
            int b0 = publicKey[i] & 0xff;
            int b1 = publicKey[i + 1] & 0xff;
            int b2 = publicKey[i + 2] & 0xff;
            if ((b0 | (b1 & 0x0f) << 8) >= 3329 || (b1 >> 4 | b2 << 4) >= 3329) {
                return false;
            }
        }
        return true;
    }

    static String encode(byte[] publicKey) {
        return LongBech32.encode(HRP, publicKey);
    }

    private static IllegalArgumentException malformed(String s, String why) {
        return new IllegalArgumentException("malformed recipient " + GoQuote.quote(s) + ": " + why);
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
        MlKem768X25519.Encapsulation e = MlKem768X25519.encapsulate(publicKey, new SecureRandom());
        byte[] body = HpkeBase.seal(MlKem768X25519.KEM_ID, e.sharedSecret(), LABEL, fileKey.getEncoded());
        return List.of(new Stanza(STANZA_TYPE, List.of(StanzaBase64.encode(e.enc())), body));
    }
}
