package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The X25519 side of age (SOPS-FORMAT.md §4.2, §10; RFC 7748, RFC 8032 §5.1.3): the Edwards-to-
 * Montgomery map that ssh-ed25519 recipients go through, with the points whose encodings a decoder
 * must refuse; how several identities answer one set of stanzas; and an identity never printing
 * its secret.
 */
class X25519SpecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 7748 §4.1: the Ed25519 base point (y = 4/5) is the Montgomery base point u = 9. */
    @Test
    void ed25519BasePointMapsToU9() {
        byte[] edBase = HEX.parseHex("5866666666666666666666666666666666666666666666666666666666666666");
        assertArrayEquals(X25519.BASE_POINT, X25519.montgomeryFromEd25519(edBase));
        byte[] nine = new byte[32];
        nine[0] = 9;
        assertArrayEquals(nine, X25519.BASE_POINT);
    }

    /** RFC 8032 §5.1.3: y >= p is refused; x = 0 with the sign bit set is refused. */
    @Test
    void encodingsADecoderMustRefuse() {
        byte[] yIsP = HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThrows(IllegalArgumentException.class, () -> X25519.montgomeryFromEd25519(yIsP));
        byte[] identityNegative = HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000080");
        assertThrows(IllegalArgumentException.class, () -> X25519.montgomeryFromEd25519(identityNegative));
        assertThrows(IllegalArgumentException.class, () -> X25519.montgomeryFromEd25519(new byte[31]));
        // y = p - 1 is a canonical encoding (of -1, a point with x = 0): accepted, u = 0
        byte[] minusOne = HEX.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertArrayEquals(new byte[32], X25519.montgomeryFromEd25519(minusOne));
    }

    /** The identity point (y = 1, x = 0, sign 0) is on the curve; u = (1+y)/(1-y) has no value, sent to 0. */
    @Test
    void identityPointMapsToZero() {
        byte[] identity = HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000000");
        assertArrayEquals(new byte[32], X25519.montgomeryFromEd25519(identity));
    }

    /** X25519 refuses the all-zero shared secret (RFC 7748 §6.1, age's x25519.go). */
    @Test
    void allZeroSharedSecretIsRefused() {
        byte[] scalar = HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        assertThrows(GeneralSecurityException.class, () -> X25519.scalarMult(scalar, new byte[32]));
        // RFC 7748 §5.2, first test vector
        byte[] u = HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                assertDoesNotThrow(() -> HEX.formatHex(X25519.scalarMult(scalar, u))));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }

    /** An identity's text form names its recipient, never its secret key. */
    @Test
    void identityToStringHidesTheSecret() {
        AgeKeygen key = AgeKeygen.generate();
        String shown = key.identity().toString();
        assertEquals("X25519Identity[" + key.publicKey() + "]", shown);
        assertTrue(!shown.toUpperCase(java.util.Locale.ROOT).contains("AGE-SECRET-KEY"), shown);
    }

    private record Failing(String message) implements RecipientStanzaReader {
        @Override
        public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
            throw new GeneralSecurityException(message);
        }
    }

    private record NotMine() implements RecipientStanzaReader {
        @Override
        public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
            throw new UnsupportedRecipientStanzaException("not mine");
        }
    }

    private record Opens(FileKey key) implements RecipientStanzaReader {
        @Override
        public FileKey getFileKey(Iterable<RecipientStanza> stanzas) {
            return key;
        }
    }

    /**
     * Several identities on one file: the first that opens gives the file key; an identity whose
     * stanza does not open does not stop the next; with none opening, the first such failure is
     * reported, and "no match" only when no identity recognised any stanza.
     */
    @Test
    void severalIdentitiesAnswerOneFile() throws Exception {
        FileKey key = new FileKey(new byte[16]);
        List<RecipientStanza> none = List.of();
        assertSame(key, new AnyIdentityReader(List.of(new NotMine(), new Failing("corrupt"), new Opens(key))).getFileKey(none));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> new AnyIdentityReader(List.of(new Failing("first"), new NotMine(), new Failing("second"))).getFileKey(none));
        assertEquals("first", e.getMessage());
        UnsupportedRecipientStanzaException u = assertThrows(UnsupportedRecipientStanzaException.class,
                () -> new AnyIdentityReader(List.of(new NotMine(), new NotMine())).getFileKey(none));
        assertEquals(AnyIdentityReader.NO_MATCH, u.getMessage());
    }
}
