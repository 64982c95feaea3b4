package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.StoredKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Post-quantum key parsing (age 1.3's rules and sops' messages) and the identity's handling of
 * malformed {@code mlkem768x25519} stanzas; no external program needed (HybridTypageTest and
 * HybridVectorTest check the cryptography against typage and the C2SP vectors).
 */
class HybridKeysTest {
    private static final String RECIPIENT_ERROR = "failed to parse input as Bech32-encoded age public key: malformed recipient ";

    private static String recipientError(String r) {
        return assertThrows(SopsException.class, () -> AgeRecipient.parse(r)).getMessage();
    }

    private static String keyFileError(String text) {
        return assertThrows(SopsException.class, () -> AgeKeyFile.parse(text)).getMessage();
    }

    @Test
    void longBech32AgreesWithJaggedOnShortStringsAndRoundTripsLongOnes() {
        String x25519 = AgeKeygen.generate().publicKey();
        Bech32Address jagged = Bech32.getDecoder().decode(x25519);
        LongBech32.Decoded ours = LongBech32.decode(x25519);
        assertEquals("age", ours.hrp());
        assertArrayEquals(jagged.getData(), ours.data());
        assertEquals(x25519, LongBech32.encode("age", ours.data()));

        byte[] data = new byte[MlKem768X25519.PUBLIC_KEY_SIZE];
        new SecureRandom().nextBytes(data);
        String encoded = LongBech32.encode("age1pq", data);
        assertEquals(6 + 1 + (data.length * 8 + 4) / 5 + 6, encoded.length());
        assertArrayEquals(data, LongBech32.decode(encoded).data());
        String upper = LongBech32.encode("AGE-SECRET-KEY-PQ-", new byte[32]);
        assertTrue(upper.startsWith("AGE-SECRET-KEY-PQ-1Q"), upper);
        assertEquals("AGE-SECRET-KEY-PQ-", LongBech32.decode(upper).hrp());
        char last = encoded.charAt(encoded.length() - 1);
        String flipped = encoded.substring(0, encoded.length() - 1) + (last == 'q' ? 'p' : 'q');
        assertEquals("invalid checksum", assertThrows(IllegalArgumentException.class,
                () -> LongBech32.decode(flipped)).getMessage());
        assertEquals("mixed case", assertThrows(IllegalArgumentException.class,
                () -> LongBech32.decode("Age1pq1" + encoded.substring(7))).getMessage());
        // U+0130 lower-cases to two characters: still one bad data character
        assertEquals("invalid character data part: s[4]", assertThrows(IllegalArgumentException.class,
                () -> LongBech32.decode("AGE1PQ1QQQQ\u0130QQQQQQ")).getMessage());
    }

    @Test
    void recipientParsing() {
        AgeKeygen key = AgeKeygen.generatePq();
        AgeRecipient r = AgeRecipient.parse("  " + key.publicKey() + "\n");
        assertEquals(AgeRecipient.Kind.MLKEM768_X25519, r.kind());
        assertEquals(key.publicKey(), r.id());
        assertEquals(6 + 1 + 1946 + 6, key.publicKey().length());

        assertEquals(RECIPIENT_ERROR + "\"age1pq1qqqqqqqq\": invalid checksum", recipientError("age1pq1qqqqqqqq"));
        String shortKey = LongBech32.encode("age1pq", new byte[1184]);
        assertEquals(RECIPIENT_ERROR + GoQuote.quote(shortKey) + ": invalid MLKEM768-X25519 public key",
                recipientError(shortKey));
        // the PQ prefix, but another human-readable part (bech32 splits at the last '1')
        String wrongType = LongBech32.encode("age1pq1x", new byte[MlKem768X25519.PUBLIC_KEY_SIZE]);
        assertEquals(RECIPIENT_ERROR + GoQuote.quote(wrongType) + ": invalid type \"age1pq1x\"", recipientError(wrongType));
        assertTrue(recipientError(key.publicKey().toUpperCase(Locale.ROOT))
                .startsWith("failed to parse input, unknown recipient type: "));
        assertEquals(ExitCodes.ERROR_GENERIC,
                assertThrows(SopsException.class, () -> AgeRecipient.parse("age1pq1qqqqqqqq")).exitCode());
    }

    @Test
    void recipientNeedsCanonicalMlKemCoefficients() {
        byte[] pk = new byte[MlKem768X25519.PUBLIC_KEY_SIZE];
        assertTrue(HybridRecipient.isValidPublicKey(pk));
        pk[0] = (byte) 0x00;
        pk[1] = (byte) 0xd0; // second coefficient: 0xd0 >> 4 | 0 << 4 = 13, first: 0 | 0 << 8 = 0
        assertTrue(HybridRecipient.isValidPublicKey(pk));
        pk[0] = (byte) 0x01;
        pk[1] = (byte) 0x0d; // first coefficient 0xd01 = 3329 = q: not reduced
        assertFalse(HybridRecipient.isValidPublicKey(pk));
        pk[0] = 0;
        pk[1] = 0;
        pk[1150] = (byte) 0x10;
        pk[1151] = (byte) 0xd0; // the last coefficient of the vector: 0x1 | 0xd0 << 4 = 3329
        assertFalse(HybridRecipient.isValidPublicKey(pk));
        pk[1150] = 0;
        pk[1151] = 0;
        pk[1152] = (byte) 0xff; // rho (the ML-KEM seed) and the X25519 key are not coefficients
        pk[1215] = (byte) 0xff;
        assertTrue(HybridRecipient.isValidPublicKey(pk), "only t is checked");
        String bad = LongBech32.encode("age1pq", withFirstCoefficient(pk, 0xfff));
        assertTrue(recipientError(bad).endsWith(": invalid MLKEM768-X25519 public key"));
    }

    private static byte[] withFirstCoefficient(byte[] pk, int c) {
        byte[] out = pk.clone();
        out[0] = (byte) c;
        out[1] = (byte) ((out[1] & 0xf0) | (c >> 8));
        return out;
    }

    @Test
    void identityParsing() {
        AgeKeygen key = AgeKeygen.generatePq();
        List<AgeIdentity> ids = AgeKeyFile.parse(key.render());
        assertEquals(1, ids.size());
        HybridIdentity id = assertInstanceOf(HybridIdentity.class, ids.get(0));
        assertEquals("mlkem768x25519", id.kind());
        assertEquals(key.publicKey(), id.recipient());
        assertEquals(key.secretKey(), id.encoded());

        String secret = key.secretKey();
        String prefix = "failed to parse 'identities' age identities: line 1: ";
        String flipped = secret.substring(0, secret.length() - 1) + (secret.endsWith("Q") ? "P" : "Q");
        assertEquals(prefix + "malformed secret key: invalid Bech32 encoding", keyFileError(flipped + "\n"));
        assertEquals(prefix + "malformed secret key: invalid MLKEM768-X25519 secret key",
                keyFileError(LongBech32.encode("AGE-SECRET-KEY-PQ-", new byte[31]) + "\n"));
        assertEquals(prefix + "unknown identity type", keyFileError(secret.toLowerCase(Locale.ROOT) + "\n"));
        String message = keyFileError(flipped + "\n");
        assertFalse(message.contains(flipped.substring(19, 40)), "the key is echoed: " + message);
        // several per line (SOPS_AGE_KEY), mixed with X25519
        AgeKeygen classic = AgeKeygen.generate();
        List<AgeIdentity> both = AgeKeyFile.parse(secret + " " + classic.secretKey() + "\n", "SOPS_AGE_KEY", true);
        assertEquals(List.of(key.publicKey(), classic.publicKey()), both.stream().map(AgeIdentity::recipient).toList());
    }

    @Test
    void wrapAndUnwrap() {
        AgeKeygen key = AgeKeygen.generatePq();
        byte[] dk = new byte[32];
        new SecureRandom().nextBytes(dk);
        StoredKey stored = AgeRecipient.parse(key.publicKey()).wrap(dk);
        // version line 22, stanza line 18 + 1494 + 1, body line 44, mac line 48, nonce 16, payload 32 + 16
        assertEquals(1691, AgeTestSupport.dearmor(stored.enc()).length);
        assertArrayEquals(dk, AgeIdentities.of(List.of(key.identity()), "t").unwrap(stored));
        assertNull(AgeIdentities.of(List.of(AgeKeygen.generatePq().identity()), "t").unwrap(stored));
    }

    /** A stanza list with one {@code mlkem768x25519} stanza made from a real one by {@code edit}. */
    private static List<RecipientStanza> edited(AgeKeygen key, java.util.function.UnaryOperator<Stanza> edit)
            throws GeneralSecurityException {
        RecipientStanzaWriter w = HybridRecipient.parse(key.publicKey());
        Stanza s = (Stanza) w.getRecipientStanzas(new com.exceptionfactory.jagged.FileKey(new byte[16])).iterator().next();
        return List.of(new Stanza("X25519", List.of("AAAA"), new byte[32]), edit.apply(s));
    }

    @Test
    void malformedStanzasAreErrorsAndOtherKeysStanzasAreNoMatch() throws Exception {
        AgeKeygen key = AgeKeygen.generatePq();
        HybridIdentity id = (HybridIdentity) key.identity();
        assertArrayEquals(new byte[16], id.getFileKey(edited(key, s -> s)).getEncoded());

        List<RecipientStanza> badTag = edited(key, s -> {
            byte[] body = s.body();
            body[31] ^= 1;
            return new Stanza(s.type(), s.arguments(), body);
        });
        assertThrows(UnsupportedRecipientStanzaException.class, () -> id.getFileKey(badTag));

        String extraArg = assertThrows(GeneralSecurityException.class, () -> id.getFileKey(edited(key,
                s -> new Stanza(s.type(), List.of(s.arguments().get(0), "x"), s.body())))).getMessage();
        assertEquals("invalid mlkem768x25519 recipient block", extraArg);
        assertEquals("invalid ciphertext size", assertThrows(GeneralSecurityException.class, () -> id.getFileKey(
                edited(key, s -> new Stanza(s.type(), s.arguments(), java.util.Arrays.copyOf(s.body(), 33))))).getMessage());
        // 1120 bytes end in a 2-character group whose last 4 bits must be zero: 'B' and 'C' set one
        assertEquals("failed to parse mlkem768x25519 recipient: non-canonical base64", assertThrows(
                GeneralSecurityException.class, () -> id.getFileKey(edited(key, s -> {
                    String enc = s.arguments().get(0);
                    String bad = enc.substring(0, enc.length() - 1) + (enc.endsWith("B") ? "C" : "B");
                    return new Stanza(s.type(), List.of(bad), s.body());
                }))).getMessage());
        assertEquals("invalid mlkem768x25519 recipient: invalid encapsulated key size", assertThrows(
                GeneralSecurityException.class, () -> id.getFileKey(edited(key, s -> new Stanza(s.type(),
                        List.of(s.arguments().get(0).substring(4)), s.body())))).getMessage());
        // an ephemeral X25519 share of all zeros gives the all-zero secret, refused as in age
        assertTrue(assertThrows(GeneralSecurityException.class, () -> id.getFileKey(edited(key, s -> {
            byte[] enc = StanzaBase64.decode(s.arguments().get(0));
            java.util.Arrays.fill(enc, MlKem768X25519.MLKEM_CIPHERTEXT_SIZE, enc.length, (byte) 0);
            return new Stanza(s.type(), List.of(StanzaBase64.encode(enc)), s.body());
        }))).getMessage().startsWith("invalid mlkem768x25519 recipient: "));
        // other types are not looked at
        assertThrows(UnsupportedRecipientStanzaException.class, () -> id.getFileKey(
                List.of(new Stanza("MLKEM768X25519", List.of("AAAA"), new byte[32]))));

        // through AgeIdentities: a malformed stanza is sops' "corrupt" error, a foreign one no match
        StoredKey corrupt = StoredKey.age(key.publicKey(), AgeArmoredFile.encrypt(fileKey -> List.of(new Stanza(
                "mlkem768x25519", List.of("AAAA", "AAAA"), new byte[32])), new byte[32]));
        SopsException e = assertThrows(SopsException.class,
                () -> AgeIdentities.of(List.of(id), "t").unwrap(corrupt));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertTrue(e.getMessage().contains("invalid mlkem768x25519 recipient block"), e.getMessage());
    }
}
