package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both directions against the reference age CLI (skipped with a message when it is absent). */
class AgeCliInteropTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needAge() {
        AgeTestSupport.requireAgeCli();
    }

    private static byte[] dataKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private byte[] ageDecrypt(String armored, Path identityFile) throws Exception {
        Path enc = tmp.resolve("enc-" + System.nanoTime() + ".age");
        Files.writeString(enc, armored);
        AgeTestSupport.Result r = AgeTestSupport.run(null, "age", "-d", "-i", identityFile.toString(), enc.toString());
        assertEquals(0, r.code(), r.stderr());
        return r.stdout();
    }

    private String ageEncrypt(byte[] plain, String... recipientArgs) throws Exception {
        String[] cmd = new String[recipientArgs.length + 2];
        cmd[0] = "age";
        cmd[1] = "-a";
        System.arraycopy(recipientArgs, 0, cmd, 2, recipientArgs.length);
        AgeTestSupport.Result r = AgeTestSupport.run(plain, cmd);
        assertEquals(0, r.code(), r.stderr());
        return r.out();
    }

    private static void assertArmorShape(String armored) {
        assertTrue(armored.startsWith(AgeTestSupport.BEGIN + "\n"), armored);
        assertTrue(armored.endsWith(AgeTestSupport.END + "\n"), armored);
        String[] lines = armored.split("\n");
        for (int i = 1; i < lines.length - 2; i++) {
            assertEquals(64, lines[i].length(), "line " + i);
        }
        int lastLen = lines[lines.length - 2].length();
        assertTrue(lastLen > 0 && lastLen <= 64);
        assertEquals(1, AgeTestSupport.stanzaCount(armored));
    }

    @Test
    void ourX25519WrapOpensWithAge() throws Exception {
        AgeKeygen key = AgeKeygen.generate();
        Path keyFile = tmp.resolve("keys.txt");
        Files.writeString(keyFile, key.render());
        byte[] dk = dataKey();
        StoredKey stored = AgeRecipient.parse(key.publicKey()).wrap(dk);
        assertEquals(key.publicKey(), stored.id());
        assertArmorShape(stored.enc());
        assertEquals(232, AgeTestSupport.dearmor(stored.enc()).length);
        assertArrayEquals(dk, ageDecrypt(stored.enc(), keyFile));
    }

    @Test
    void ageX25519OutputOpensWithUs() throws Exception {
        AgeTestSupport.Result gen = AgeTestSupport.run(null, "age-keygen");
        assertEquals(0, gen.code(), gen.stderr());
        List<AgeIdentity> ids = AgeKeyFile.parse(gen.out());
        assertEquals(1, ids.size());
        Matcher m = Pattern.compile("# public key: (age1\\S+)").matcher(gen.out());
        assertTrue(m.find());
        assertEquals(m.group(1), ids.get(0).recipient());
        byte[] dk = dataKey();
        String armored = ageEncrypt(dk, "-r", m.group(1));
        assertArrayEquals(dk, AgeIdentities.of(ids, "age-keygen").unwrap(StoredKey.age(m.group(1), armored)));
    }

    @Test
    void ourKeygenIsAcceptedByAge() throws Exception {
        AgeKeygen key = AgeKeygen.generate();
        String rendered = key.render();
        assertTrue(rendered.matches("# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)\n"
                + "# public key: age1[a-z0-9]{58}\nAGE-SECRET-KEY-1[A-Z0-9]{58}\n"), rendered);
        Path keyFile = tmp.resolve("ours.txt");
        Files.writeString(keyFile, rendered);
        AgeTestSupport.Result y = AgeTestSupport.run(null, "age-keygen", "-y", keyFile.toString());
        assertEquals(0, y.code(), y.stderr());
        assertEquals(key.publicKey() + "\n", y.out());
        byte[] dk = dataKey();
        assertArrayEquals(dk, ageDecrypt(ageEncrypt(dk, "-r", key.publicKey()), keyFile));
        assertEquals("# created: 2020-07-18T03:16:47-07:00\n# public key: " + key.publicKey() + "\n",
                key.render(OffsetDateTime.parse("2020-07-18T03:16:47.123-07:00")).lines().limit(2)
                        .map(l -> l + "\n").reduce("", String::concat));
    }

    private void sshBothWays(String name) throws Exception {
        Path priv = SharedTestData.corpusDir().resolve("sops-nix/" + name);
        Path pub = SharedTestData.corpusDir().resolve("sops-nix/" + name + ".pub");
        AgeIdentity identity = SshPrivateKeys.parse(Files.readString(priv, StandardCharsets.UTF_8));
        String pubLine = Files.readString(pub).strip();
        assertTrue(pubLine.startsWith(identity.recipient()), identity.recipient());
        AgeIdentities ids = AgeIdentities.of(List.of(identity), priv.toString());

        // age -R pub -a  →  our identity
        byte[] dk = dataKey();
        String fromAge = ageEncrypt(dk, "-R", pub.toString());
        assertArrayEquals(dk, ids.unwrap(StoredKey.age(pubLine, fromAge)));

        // our wrap  →  age -d -i priv
        AgeRecipient recipient = AgeRecipient.parse("  " + pubLine + "\n");
        assertEquals(pubLine, recipient.id());
        StoredKey stored = recipient.wrap(dk);
        assertArmorShape(stored.enc());
        String stanza = AgeTestSupport.header(stored.enc()).lines().filter(l -> l.startsWith("-> ")).findFirst().orElseThrow();
        assertTrue(stanza.startsWith("-> " + identity.kind() + " "), stanza);
        assertArrayEquals(dk, ageDecrypt(stored.enc(), priv));
        assertArrayEquals(dk, ids.unwrap(stored));
    }

    @Test
    void sshEd25519BothWays() throws Exception {
        sshBothWays("ssh-ed25519-key");
    }

    @Test
    void sshRsaBothWays() throws Exception {
        assertTrue(Files.readString(SharedTestData.corpusDir().resolve("sops-nix/ssh-key.pub")).startsWith("ssh-rsa "));
        sshBothWays("ssh-key");
    }

    @Test
    void severalRecipientsGiveOneFileEach() throws Exception {
        AgeKeygen a = AgeKeygen.generate();
        AgeKeygen b = AgeKeygen.generate();
        String ed = Files.readString(SharedTestData.corpusDir().resolve("sops-nix/ssh-ed25519-key.pub")).strip();
        List<AgeRecipient> rs = AgeRecipient.parseList(a.publicKey() + " , " + b.publicKey() + "," + ed);
        assertEquals(3, rs.size());
        byte[] dk = dataKey();
        Path keyA = tmp.resolve("a.txt");
        Files.writeString(keyA, a.render());
        Path keyB = tmp.resolve("b.txt");
        Files.writeString(keyB, b.render());
        StoredKey sa = rs.get(0).wrap(dk);
        StoredKey sb = rs.get(1).wrap(dk);
        StoredKey se = rs.get(2).wrap(dk);
        for (StoredKey s : List.of(sa, sb, se)) {
            assertEquals(1, AgeTestSupport.stanzaCount(s.enc()), s.enc());
        }
        assertArrayEquals(dk, ageDecrypt(sa.enc(), keyA));
        assertArrayEquals(dk, ageDecrypt(sb.enc(), keyB));
        assertArrayEquals(dk, ageDecrypt(se.enc(), SharedTestData.corpusDir().resolve("sops-nix/ssh-ed25519-key")));
        // a's identity does not open b's file
        assertEquals(null, AgeIdentities.of(List.of(a.identity()), "a").unwrap(sb));
    }

    @Test
    void pkcs1RsaKeyFromSshKeygen() throws Exception {
        if (!AgeTestSupport.hasCommand("ssh-keygen")) {
            System.err.println("SKIPPED: ssh-keygen absent; PEM RSA test not run");
            return;
        }
        Path key = tmp.resolve("id_rsa_pem");
        AgeTestSupport.Result r = AgeTestSupport.run(null, "ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM",
                "-N", "", "-f", key.toString());
        assertEquals(0, r.code(), r.stderr());
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        AgeIdentity id = SshPrivateKeys.parse(Files.readString(key));
        Path pub = Path.of(key + ".pub");
        assertTrue(Files.readString(pub).startsWith(id.recipient()));
        byte[] dk = dataKey();
        assertArrayEquals(dk, AgeIdentities.of(List.of(id), "pem").unwrap(StoredKey.age("r", ageEncrypt(dk, "-R", pub.toString()))));
        assertArrayEquals(dk, ageDecrypt(AgeRecipient.parse(Files.readString(pub)).encrypt(dk), key));
    }
}
