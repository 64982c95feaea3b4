package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.StoredKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SOPS-FORMAT §14.5: the upstream age unwrap vector, and the intermediate values. */
class AgeVectorTest {
    static final String IDENTITY = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7";
    static final String RECIPIENT = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    static final String ENC = """
            -----BEGIN AGE ENCRYPTED FILE-----
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBvY2t2NkdLUGRvY3l2OGNy
            MVJWcUhCOEZrUG8yeCtnRnhxL0I5NFk4YjJFCmE4SVQ3MEdyZkFqRWpSa2F0NVhF
            VDUybzBxdS9nSGpHSVRVMUI0UEVqZkkKLS0tIGJjeGhNQ0Y5L2VZRVVYSm90djFF
            bzdnQ3UwTGljMmtrbWNMV1MxYkFzUFUK4xjOZOTGdcbzuwUY/zeBXhcF+Md3e5PQ
            EylloI7MNGbadPGb
            -----END AGE ENCRYPTED FILE-----
            """;

    static AgeIdentities identities(String keys) {
        return AgeIdentities.of(AgeKeyFile.parse(keys), "test");
    }

    @Test
    void identityOpensTheVectorToData() {
        byte[] plain = identities(IDENTITY).unwrap(StoredKey.age(RECIPIENT, ENC));
        assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), plain);
    }

    @Test
    void identityDerivesItsRecipient() {
        assertEquals(RECIPIENT, X25519Identity.parse(IDENTITY).recipient());
    }

    @Test
    void intermediateValues() throws Exception {
        byte[] scalar = AgeTestSupport.hex("43c14b156ca8f2088a001ed7b41e70701045bd7e58a311f459cbd02230537f43");
        byte[] pub = AgeTestSupport.hex("f89a52f2dfc4a787e7cd3e9fd365995ab02297192841a58b826be9fa4c6a3f77");
        assertArrayEquals(pub, X25519.publicKey(scalar));
        byte[] share = AgeTestSupport.hex("a1c92fe8628f768732bfc72bd5156a1c1f0590fa36c7e805c6afc1f7863c6f61");
        byte[] shared = X25519.scalarMult(scalar, share);
        assertArrayEquals(AgeTestSupport.hex("4afe2e5308c08bd9f565d45a394d5324b5ac87beb42a9e896199c142e3993328"), shared);
        byte[] salt = SshEd25519StanzaWriter.concat(share, pub);
        assertArrayEquals(AgeTestSupport.hex("0e819c2eea841f310725c3ace09f75a48643a1a2c88632215c24f81832233e1f"),
                Hkdf.sha256(shared, salt, "age-encryption.org/v1/X25519"));
        assertEquals(1, AgeTestSupport.stanzaCount(ENC));
        assertTrue(AgeTestSupport.header(ENC).startsWith("age-encryption.org/v1\n-> X25519 ockv6GKPdocyv8cr1RVqHB8FkPo2x+gFxq/B94Y8b2E\n"));
    }

    @Test
    void surroundingWhitespaceIsTolerated() {
        byte[] plain = identities(IDENTITY).unwrap(StoredKey.age(RECIPIENT, "\n  " + ENC + "\n\n"));
        assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), plain);
        byte[] crlf = identities(IDENTITY).unwrap(StoredKey.age(RECIPIENT, ENC.replace("\n", "\r\n")));
        assertArrayEquals("data".getBytes(StandardCharsets.US_ASCII), crlf);
    }

    @Test
    void wrongIdentityGivesNull() {
        AgeIdentities other = AgeIdentities.of(List.of(AgeKeygen.generate().identity()), "test");
        assertNull(other.unwrap(StoredKey.age(RECIPIENT, ENC)));
        assertTrue(other.describe().contains("no identity matched any of the recipients"), other.describe());
    }

    @Test
    void nonAgeEntriesAreNotOurs() {
        StoredKey pgp = new StoredKey(StoredKey.PGP, new dev.secrets.sops.tree.Branch().add("fp", "ABC").add("enc", ENC));
        assertNull(identities(IDENTITY).unwrap(pgp));
    }

    @Test
    void flippedPayloadCharacterIsCorrupt() {
        String[] lines = ENC.split("\n");
        String last = lines[5];
        char c = last.charAt(4);
        lines[5] = last.substring(0, 4) + (c == 'A' ? 'B' : 'A') + last.substring(5);
        String tampered = String.join("\n", lines) + "\n";
        SopsException e = assertThrows(SopsException.class,
                () -> identities(IDENTITY).unwrap(StoredKey.age(RECIPIENT, tampered)));
        assertFalse(e.getMessage().contains(IDENTITY));
    }

    @Test
    void flippedHeaderMacByteIsCorrupt() {
        byte[] bin = AgeTestSupport.dearmor(ENC);
        String text = new String(bin, StandardCharsets.ISO_8859_1);
        int mac = text.indexOf("\n--- ") + 5;
        bin[mac + 3] ^= 0x01; // stays a base64 character ('b'<->'c' etc.)
        String tampered = AgeTestSupport.armor(bin);
        assertThrows(SopsException.class, () -> identities(IDENTITY).unwrap(StoredKey.age(RECIPIENT, tampered)));
    }

    @Test
    void flippedPayloadByteIsCorrupt() {
        byte[] bin = AgeTestSupport.dearmor(ENC);
        bin[bin.length - 1] ^= 0x40;
        String tampered = AgeTestSupport.armor(bin);
        assertThrows(SopsException.class, () -> identities(IDENTITY).unwrap(StoredKey.age(RECIPIENT, tampered)));
    }

    @Test
    void notArmoredIsCorrupt() {
        assertThrows(SopsException.class,
                () -> identities(IDENTITY).unwrap(StoredKey.age(RECIPIENT, "not an age file")));
    }
}
