package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshPrivateKeysTest {
    @TempDir
    Path tmp;

    @Test
    void corpusKeysMatchTheirPublicKeys() throws Exception {
        for (String name : new String[] {"ssh-ed25519-key", "ssh-key"}) {
            Path dir = SharedTestData.corpusDir().resolve("sops-nix");
            AgeIdentity id = SshPrivateKeys.parse(Files.readString(dir.resolve(name)));
            assertTrue(Files.readString(dir.resolve(name + ".pub")).startsWith(id.recipient() + " ")
                    || Files.readString(dir.resolve(name + ".pub")).strip().equals(id.recipient()), name);
        }
    }

    @Test
    void notAKey() {
        assertEquals("ssh: no key found", assertThrows(IllegalArgumentException.class,
                () -> SshPrivateKeys.parse("hello")).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SshPrivateKeys.parse("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"));
    }

    private Path keygen(String... args) throws Exception {
        Path key = tmp.resolve("k" + System.nanoTime());
        String[] cmd = new String[args.length + 4];
        cmd[0] = "ssh-keygen";
        cmd[1] = "-q";
        System.arraycopy(args, 0, cmd, 2, args.length);
        cmd[args.length + 2] = "-f";
        cmd[args.length + 3] = key.toString();
        AgeTestSupport.Result r = AgeTestSupport.run(null, cmd);
        assertEquals(0, r.code(), r.stderr());
        return key;
    }

    @Test
    void withSshKeygen() throws Exception {
        if (!AgeTestSupport.hasCommand("ssh-keygen")) {
            System.err.println("SKIPPED: ssh-keygen absent; generated-key tests not run");
            return;
        }
        Path ecdsa = keygen("-t", "ecdsa", "-N", "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SshPrivateKeys.parse(Files.readString(ecdsa)))
                .getMessage().startsWith("unsupported SSH identity type: ecdsa"));
        Path pemEncrypted = keygen("-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "pass word");
        assertEquals("ssh: this private key is passphrase protected", assertThrows(SshPrivateKeys.PassphraseProtected.class,
                () -> SshPrivateKeys.parse(Files.readString(pemEncrypted))).getMessage());
        Path rsaEncrypted = keygen("-t", "rsa", "-b", "2048", "-N", "pass word");
        assertEquals("ssh: this private key is passphrase protected", assertThrows(SshPrivateKeys.PassphraseProtected.class,
                () -> SshPrivateKeys.parse(Files.readString(rsaEncrypted))).getMessage());
        Path pkcs8 = keygen("-t", "rsa", "-b", "2048", "-m", "PKCS8", "-N", "");
        AgeIdentity id = SshPrivateKeys.parse(Files.readString(pkcs8));
        assertEquals("ssh-rsa", id.kind());
        assertTrue(Files.readString(Path.of(pkcs8 + ".pub")).startsWith(id.recipient()));
        Path ed = keygen("-t", "ed25519", "-N", "", "-C", "me@host");
        AgeIdentity edId = SshPrivateKeys.parse(Files.readString(ed).replace("\n", "\r\n"));
        assertEquals(Files.readString(Path.of(ed + ".pub")).strip(), edId.recipient() + " me@host");
    }
}
