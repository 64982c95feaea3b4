package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.StoredKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgeRecipientTest {
    static final String ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBI1+Q+ntzANebtnicCiAY29uqLGWOaOGLEa8bUqOVmS";

    @Test
    void x25519IsTrimmedAndTyped() {
        AgeRecipient r = AgeRecipient.parse("  " + AgeVectorTest.RECIPIENT + "\n");
        assertEquals(AgeVectorTest.RECIPIENT, r.id());
        assertEquals("age", r.type());
        assertEquals(AgeRecipient.Kind.X25519, r.kind());
    }

    @Test
    void wrapOpensWithTheIdentity() {
        byte[] dk = new byte[32];
        dk[0] = 7;
        StoredKey k = AgeRecipient.parse(AgeVectorTest.RECIPIENT).wrap(dk);
        assertEquals("age", k.type());
        assertEquals(AgeVectorTest.RECIPIENT, k.id());
        assertEquals(1, AgeTestSupport.stanzaCount(k.enc()));
        assertTrue(AgeTestSupport.header(k.enc()).contains("\n-> X25519 "));
        assertArrayEquals(dk, AgeVectorTest.identities(AgeVectorTest.IDENTITY).unwrap(k));
        // a 33-byte Shamir share wraps too
        byte[] share = new byte[33];
        assertArrayEquals(share, AgeVectorTest.identities(AgeVectorTest.IDENTITY)
                .unwrap(AgeRecipient.parse(AgeVectorTest.RECIPIENT).wrap(share)));
    }

    @Test
    void sshKeepsTheComment() {
        AgeRecipient r = AgeRecipient.parse(" " + ED + " Test key \n");
        assertEquals(ED + " Test key", r.id());
        assertEquals(AgeRecipient.Kind.SSH_ED25519, r.kind());
        assertTrue(AgeTestSupport.header(r.wrap(new byte[32]).enc()).contains("\n-> ssh-ed25519 "));
    }

    @Test
    void unknownTypeHasSopsMessage() {
        SopsException e = assertThrows(SopsException.class, () -> AgeRecipient.parse("foo"));
        assertEquals("failed to parse input, unknown recipient type: \"foo\"", e.getMessage());
    }

    @Test
    void unsupportedKindsAreClear() {
        assertTrue(assertThrows(SopsException.class, () -> AgeRecipient.parse("age1yubikey1qqqqqq"))
                .getMessage().startsWith("failed to parse input as age plugin recipient: malformed recipient"));
        assertTrue(assertThrows(SopsException.class, () -> AgeRecipient.parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP"))
                .getMessage().startsWith("failed to parse input as age-ssh public key"));
    }

    @Test
    void malformedX25519() {
        String bad = AgeVectorTest.RECIPIENT.substring(0, AgeVectorTest.RECIPIENT.length() - 1) + "q";
        SopsException e = assertThrows(SopsException.class, () -> AgeRecipient.parse(bad));
        assertTrue(e.getMessage().startsWith("failed to parse input as Bech32-encoded age public key"), e.getMessage());
    }

    @Test
    void invalidEd25519PointIsRejected() {
        // y = 2 is not the y-coordinate of a curve point
        byte[] key = new byte[32];
        key[0] = 2;
        String line = SshPublicKey.ed25519(key).authorized();
        assertThrows(SopsException.class, () -> AgeRecipient.parse(line));
    }

    @Test
    void lists() {
        assertEquals(List.of(), AgeRecipient.parseList(""));
        List<AgeRecipient> two = AgeRecipient.parseList(AgeVectorTest.RECIPIENT + " , " + ED + " c");
        assertEquals(List.of(AgeVectorTest.RECIPIENT, ED + " c"), two.stream().map(AgeRecipient::id).toList());
        assertThrows(SopsException.class, () -> AgeRecipient.parseList(AgeVectorTest.RECIPIENT + ","));
        assertEquals(1, AgeKeyDiscovery.recipientsFromEnv(Map.of("SOPS_AGE_RECIPIENTS", AgeVectorTest.RECIPIENT)).size());
        assertEquals(0, AgeKeyDiscovery.recipientsFromEnv(Map.of()).size());
    }
}
