package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.keys.StoredKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Post-quantum hybrid age keys (age1pq1…, mlkem768x25519 stanzas) both ways against typage, an
 * independent implementation by age's author (ML-KEM and X25519 from the noble libraries).
 */
class HybridTypageTest {
    @TempDir
    Path tmp;

    private Typage typage;

    @BeforeEach
    void needTypage() {
        typage = Typage.require();
    }

    private static byte[] dataKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private Path keysFile(String text) throws Exception {
        Path f = Files.createTempFile(tmp, "keys", ".txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void ourWrapOpensWithTypage() throws Exception {
        AgeKeygen key = AgeKeygen.generatePq();
        byte[] dk = dataKey();
        StoredKey stored = AgeRecipient.parse(key.publicKey()).wrap(dk);
        assertEquals(key.publicKey(), stored.id());
        String header = AgeTestSupport.header(stored.enc());
        assertEquals(1, AgeTestSupport.stanzaCount(stored.enc()));
        assertTrue(header.contains("\n-> mlkem768x25519 "), header);
        AgeTestSupport.Result r = typage.decrypt(stored.enc(), keysFile(key.render()));
        assertEquals(0, r.code(), r.stderr());
        assertArrayEquals(dk, r.stdout());
    }

    @Test
    void typageEncryptionOpensWithOurIdentity() throws Exception {
        String[] pair = typage.keygenPq();
        byte[] dk = dataKey();
        String armored = typage.encrypt(dk, pair[1]);
        AgeIdentities ids = AgeIdentities.of(AgeKeyFile.parse(pair[0] + "\n"), "typage key");
        assertArrayEquals(dk, ids.unwrap(StoredKey.age(pair[1], armored)));
    }

    @Test
    void keyPairsAgreeBothWays() throws Exception {
        String[] theirs = typage.keygenPq();
        HybridIdentity parsed = HybridIdentity.parse(theirs[0]);
        assertEquals(theirs[1], parsed.recipient());
        assertEquals(theirs[0], parsed.encoded());
        assertEquals(theirs[1], AgeRecipient.parse(theirs[1]).id());

        AgeKeygen ours = AgeKeygen.generatePq();
        assertEquals(ours.publicKey(), typage.recipientOf(ours.secretKey()));
        String rendered = ours.render(OffsetDateTime.parse("2025-11-17T12:15:17+01:00"));
        assertEquals("# created: 2025-11-17T12:15:17+01:00\n# public key: " + ours.publicKey() + "\n"
                + ours.secretKey() + "\n", rendered);
        assertTrue(ours.publicKey().startsWith("age1pq1"), ours.publicKey());
        assertTrue(ours.secretKey().startsWith("AGE-SECRET-KEY-PQ-1"));
        // typage reads our key file as age-keygen -pq writes it, and opens what it encrypted to us
        byte[] dk = dataKey();
        AgeTestSupport.Result r = typage.decrypt(typage.encrypt(dk, ours.publicKey()), keysFile(rendered));
        assertEquals(0, r.code(), r.stderr());
        assertArrayEquals(dk, r.stdout());
    }

    @Test
    void wrongIdentityFailsCleanly() throws Exception {
        AgeKeygen right = AgeKeygen.generatePq();
        AgeKeygen otherPq = AgeKeygen.generatePq();
        AgeKeygen otherClassic = AgeKeygen.generate();
        StoredKey stored = AgeRecipient.parse(right.publicKey()).wrap(dataKey());

        AgeIdentities wrong = AgeIdentities.of(List.of(otherPq.identity(), otherClassic.identity()), "keys.txt");
        assertNull(wrong.unwrap(stored));
        assertEquals("failed to create reader for decrypting sops data key with age: "
                + "no identity matched any of the recipients", wrong.describe());

        AgeTestSupport.Result r = typage.decrypt(stored.enc(), keysFile(otherPq.render()));
        assertNotEquals(0, r.code(), "typage opened a file with the wrong key");
        // and the other way: typage's stanza for another key is not ours
        String theirs = typage.encrypt(dataKey(), otherPq.publicKey());
        assertNull(AgeIdentities.of(List.of(right.identity()), "keys.txt").unwrap(StoredKey.age("r", theirs)));
    }
}
