package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.SopsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgeKeyFileTest {
    static final String K = AgeVectorTest.IDENTITY;

    @Test
    void commentsBlankLinesAndCrlf() {
        String text = "# created: 2020-07-18T03:16:47-07:00\r\n# public key: x\r\n\r\n" + K + "\r\n";
        List<AgeIdentity> ids = AgeKeyFile.parse(text);
        assertEquals(1, ids.size());
        assertEquals(AgeVectorTest.RECIPIENT, ids.get(0).recipient());
        assertEquals("X25519", ids.get(0).kind());
    }

    @Test
    void severalKeysPerLineOnlyWhenAllowed() {
        String other = AgeKeygen.generate().secretKey();
        String line = K + "  " + other + "\t\n";
        assertEquals(2, AgeKeyFile.parse(line, "SOPS_AGE_KEY", true).size());
        SopsException e = assertThrows(SopsException.class, () -> AgeKeyFile.parse(line, "SOPS_AGE_KEY_FILE", false));
        assertFalse(e.getMessage().contains(K.substring(20)), e.getMessage());
        assertTrue(e.getMessage().startsWith("failed to parse 'SOPS_AGE_KEY_FILE' age identities: line 1: "), e.getMessage());
    }

    @Test
    void noTrimmingOutsideSeveralPerLine() {
        SopsException e = assertThrows(SopsException.class, () -> AgeKeyFile.parse("# c\n " + K + "\n", "f", false));
        assertEquals("failed to parse 'f' age identities: line 2: unknown identity type", e.getMessage());
    }

    @Test
    void unknownIdentityNamesSourceAndLineNotKey() {
        String secret = "SUPERSECRETVALUE123";
        SopsException e = assertThrows(SopsException.class,
                () -> AgeKeyFile.parse(K + "\n\n" + secret + "\n", "/x/keys.txt", false));
        assertEquals("failed to parse '/x/keys.txt' age identities: line 3: unknown identity type", e.getMessage());
        assertFalse(e.getMessage().contains(secret));
    }

    @Test
    void unsupportedKinds() {
        assertTrue(assertThrows(SopsException.class, () -> AgeKeyFile.parse("AGE-PLUGIN-YUBIKEY-1QQQ\n"))
                .getMessage().contains("line 1: malformed plugin identity: invalid Bech32 encoding"));
        assertTrue(assertThrows(SopsException.class, () -> AgeKeyFile.parse("-----BEGIN AGE ENCRYPTED FILE-----\n"))
                .getMessage().contains("passphrase-encrypted identity files are not supported"));
    }

    @Test
    void malformedKeyIsNotEchoed() {
        String bad = K.substring(0, K.length() - 1) + "Q";
        SopsException e = assertThrows(SopsException.class, () -> AgeKeyFile.parse(bad + "\n"));
        assertTrue(e.getMessage().contains("line 1: malformed secret key"), e.getMessage());
        assertFalse(e.getMessage().contains(bad.substring(16)));
    }

    @Test
    void keygenRoundTrip() {
        AgeKeygen g = AgeKeygen.generate();
        List<AgeIdentity> ids = AgeKeyFile.parse(g.render());
        assertEquals(1, ids.size());
        assertEquals(g.publicKey(), ids.get(0).recipient());
    }

    @Test
    void shellWords() {
        assertEquals(List.of("cat", "/a b/c"), ShellWords.split("cat '/a b/c'"));
        assertEquals(List.of("sh", "-c", "echo \"$X\" x"), ShellWords.split("sh -c \"echo \\\"\\$X\\\" x\""));
        assertEquals(List.of("a", "b c"), ShellWords.split("  a b\\ c  # comment"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a 'b"));
    }
}
