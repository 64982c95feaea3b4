package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgeKeyDiscoveryTest {
    static final StoredKey VECTOR = StoredKey.age(AgeVectorTest.RECIPIENT, AgeVectorTest.ENC);
    static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    private Path home() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        return home;
    }

    private AgeKeyDiscovery discovery(Map<String, String> env) throws Exception {
        return new AgeKeyDiscovery(env, home(), AgeKeyDiscovery.Os.LINUX);
    }

    @Test
    void sopsAgeKeyWithSeveralKeysPerLine() throws Exception {
        String other = AgeKeygen.generate().secretKey();
        AgeKeyDiscovery d = discovery(Map.of("SOPS_AGE_KEY", "# mine\n" + other + " " + AgeVectorTest.IDENTITY + "\n"));
        LoadedIdentities loaded = d.load(null);
        assertEquals(2, loaded.identities().size());
        assertEquals(List.of("SOPS_AGE_KEY"), loaded.sources());
        AgeIdentities ids = d.identities();
        assertArrayEquals(DATA, ids.unwrap(VECTOR));
        assertTrue(ids.describe().contains("SOPS_AGE_KEY"), ids.describe());
    }

    @Test
    void eachIdentityKnowsWhereItCameFrom() throws Exception {
        Path f = tmp.resolve("keys.txt");
        AgeKeygen fromFile = AgeKeygen.generate();
        Files.writeString(f, fromFile.secretKey() + "\n");
        AgeKeygen fromEnv = AgeKeygen.generate();
        Path xdg = tmp.resolve("xdg");
        Files.createDirectories(xdg.resolve("sops/age"));
        AgeKeygen fromDefault = AgeKeygen.generate();
        Files.writeString(xdg.resolve("sops/age/keys.txt"), fromDefault.secretKey() + "\n");
        LoadedIdentities loaded = discovery(Map.of("SOPS_AGE_KEY", fromEnv.secretKey(), "SOPS_AGE_KEY_FILE", f.toString(),
                "XDG_CONFIG_HOME", xdg.toString())).load(null);
        assertEquals(3, loaded.identities().size());
        Map<String, String> origin = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            origin.put(loaded.identities().get(i).recipient(), loaded.origins().get(i));
        }
        assertEquals("SOPS_AGE_KEY", origin.get(fromEnv.publicKey()));
        assertEquals("SOPS_AGE_KEY_FILE (" + f + ")", origin.get(fromFile.publicKey()));
        assertEquals(xdg.resolve("sops/age/keys.txt").toString(), origin.get(fromDefault.publicKey()));
    }

    @Test
    void sopsAgeKeyFile() throws Exception {
        Path f = tmp.resolve("keys.txt");
        Files.writeString(f, "# c\n" + AgeVectorTest.IDENTITY + "\n");
        assertArrayEquals(DATA, discovery(Map.of("SOPS_AGE_KEY_FILE", f.toString())).identities().unwrap(VECTOR));
    }

    @Test
    void missingKeyFileIsACollectedError() throws Exception {
        Path missing = tmp.resolve("nope.txt");
        AgeKeyDiscovery d = discovery(Map.of("SOPS_AGE_KEY_FILE", missing.toString()));
        LoadedIdentities loaded = d.load(null);
        assertTrue(loaded.identities().isEmpty());
        assertEquals(List.of("failed to open SOPS_AGE_KEY_FILE file: open " + missing + ": no such file or directory"),
                loaded.errors());
        AgeIdentities ids = d.identities();
        assertNull(ids.unwrap(VECTOR));
        String msg = ids.describe();
        assertTrue(msg.startsWith("failed to load age identities. Errors while loading age identities: failed to open SOPS_AGE_KEY_FILE"), msg);
        assertTrue(msg.contains("Did not find keys in locations 'SOPS_AGE_SSH_PRIVATE_KEY_FILE', "), msg);
        assertTrue(msg.contains("'SOPS_AGE_KEY', 'SOPS_AGE_KEY_CMD'"), msg);
    }

    @Test
    void errorsAreKeptWhenAnotherSourceOpens() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SOPS_AGE_KEY_FILE", tmp.resolve("nope.txt").toString());
        env.put("SOPS_AGE_KEY", AgeVectorTest.IDENTITY);
        AgeKeyDiscovery d = discovery(env);
        assertEquals(1, d.load(null).errors().size());
        assertArrayEquals(DATA, d.identities().unwrap(VECTOR));
    }

    @Test
    void keyCommandGetsTheRecipient() throws Exception {
        Path f = tmp.resolve("keys.txt");
        Files.writeString(f, AgeVectorTest.IDENTITY + "\n");
        Path seen = tmp.resolve("seen.txt");
        String cmd = "sh -c 'printf %s \"$SOPS_AGE_RECIPIENT\" > " + seen + "; cat " + f + "'";
        AgeKeyDiscovery d = discovery(Map.of("SOPS_AGE_KEY_CMD", cmd));
        assertArrayEquals(DATA, d.identities().unwrap(VECTOR));
        assertEquals(AgeVectorTest.RECIPIENT, Files.readString(seen));
    }

    @Test
    void keyCommandCat() throws Exception {
        Path f = tmp.resolve("k e y s.txt");
        Files.writeString(f, AgeVectorTest.IDENTITY + "\n");
        LoadedIdentities l = discovery(Map.of("SOPS_AGE_KEY_CMD", "cat '" + f + "'")).load("r");
        assertEquals(List.of("SOPS_AGE_KEY_CMD"), l.sources());
        assertEquals(1, l.identities().size());
    }

    @Test
    void failingKeyCommandIsACollectedError() throws Exception {
        LoadedIdentities l = discovery(Map.of("SOPS_AGE_KEY_CMD", "false")).load("r");
        assertEquals(List.of("failed to execute command false: exit status 1"), l.errors());
    }

    @Test
    void xdgDefaultFile() throws Exception {
        Path cfg = tmp.resolve("cfg");
        Files.createDirectories(cfg.resolve("sops/age"));
        Files.writeString(cfg.resolve("sops/age/keys.txt"), AgeVectorTest.IDENTITY + "\n");
        AgeKeyDiscovery d = discovery(Map.of("XDG_CONFIG_HOME", cfg.toString()));
        assertEquals(cfg.resolve("sops/age/keys.txt"), d.defaultKeyFile());
        assertArrayEquals(DATA, d.identities().unwrap(VECTOR));
    }

    @Test
    void defaultFileLocations() throws Exception {
        Path home = home();
        assertEquals(home.resolve(".config/sops/age/keys.txt"),
                new AgeKeyDiscovery(Map.of("XDG_CONFIG_HOME", ""), home, AgeKeyDiscovery.Os.LINUX).defaultKeyFile());
        assertEquals(home.resolve("Library/Application Support/sops/age/keys.txt"),
                new AgeKeyDiscovery(Map.of(), home, AgeKeyDiscovery.Os.MACOS).defaultKeyFile());
        assertEquals(Path.of("/x/sops/age/keys.txt"),
                new AgeKeyDiscovery(Map.of("XDG_CONFIG_HOME", "/x"), home, AgeKeyDiscovery.Os.MACOS).defaultKeyFile());
        // the default file under $HOME/.config is read when present
        Files.createDirectories(home.resolve(".config/sops/age"));
        Files.writeString(home.resolve(".config/sops/age/keys.txt"), AgeVectorTest.IDENTITY + "\n");
        assertArrayEquals(DATA, new AgeKeyDiscovery(Map.of(), home, AgeKeyDiscovery.Os.LINUX).identities().unwrap(VECTOR));
    }

    @Test
    void unknownIdentityLineNamesSourceAndLine() throws Exception {
        Path f = tmp.resolve("keys.txt");
        Files.writeString(f, "# c\nNOT-A-KEY-BUT-SECRET\n");
        LoadedIdentities l = discovery(Map.of("SOPS_AGE_KEY_FILE", f.toString())).load(null);
        assertEquals(List.of("failed to parse 'SOPS_AGE_KEY_FILE' age identities: line 2: unknown identity type"),
                l.errors());
        assertFalse(l.errors().get(0).contains("NOT-A-KEY"));
    }

    @Test
    void nothingConfigured() throws Exception {
        AgeIdentities ids = discovery(Map.of()).identities();
        assertNull(ids.unwrap(VECTOR));
        assertTrue(ids.describe().startsWith("failed to load age identities. Did not find keys in locations"), ids.describe());
        assertTrue(ids.describe().endsWith(", and '" + home().resolve(".config/sops/age/keys.txt") + "'."), ids.describe());
    }

    @Test
    void sshKeysComeFirst() throws Exception {
        Path home = home();
        Files.createDirectories(home.resolve(".ssh"));
        Files.copy(SharedTestData.corpusDir().resolve("sops-nix/ssh-ed25519-key"), home.resolve(".ssh/id_ed25519"));
        Path rsa = SharedTestData.corpusDir().resolve("sops-nix/ssh-key");
        Map<String, String> env = Map.of("SOPS_AGE_KEY", AgeVectorTest.IDENTITY,
                "SOPS_AGE_SSH_PRIVATE_KEY_FILE", rsa.toString());
        LoadedIdentities l = new AgeKeyDiscovery(env, home, AgeKeyDiscovery.Os.LINUX).load(null);
        assertEquals(List.of("ssh-rsa", "ssh-ed25519", "X25519"), l.identities().stream().map(AgeIdentity::kind).toList());
        assertEquals(List.of(rsa.toString(), home.resolve(".ssh/id_ed25519").toString(), "SOPS_AGE_KEY"), l.sources());
        assertTrue(l.errors().isEmpty(), l.errors().toString());
    }

    @Test
    void passphraseProtectedSshKeyLoadsWithItsPublicKeyWithoutAsking() throws Exception {
        if (!AgeTestSupport.hasCommand("ssh-keygen")) {
            System.err.println("SKIPPED: ssh-keygen absent; passphrase test not run");
            return;
        }
        Path key = tmp.resolve("enc_key");
        AgeTestSupport.Result r = AgeTestSupport.run(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "secret pass",
                "-f", key.toString());
        assertEquals(0, r.code(), r.stderr());
        LoadedIdentities l = new AgeKeyDiscovery(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.toString()), tmp,
                AgeKeyDiscovery.Os.LINUX, location -> {
                    throw new AssertionError("asked while loading: " + location);
                }).load(null);
        assertEquals(1, l.identities().size(), l.errors().toString());
        assertTrue(l.identities().get(0) instanceof EncryptedSshIdentity, l.identities().toString());
        String[] pub = Files.readString(Path.of(key + ".pub")).strip().split(" ");
        assertEquals(pub[0] + " " + pub[1], l.identities().get(0).recipient());
        assertTrue(l.errors().isEmpty(), l.errors().toString());
    }

    @Test
    void sshKeyCommandGetsTheRecipientAndItsKeyOpensTheFile() throws Exception {
        if (!AgeTestSupport.hasCommand("ssh-keygen")) {
            System.err.println("SKIPPED: ssh-keygen absent; SOPS_AGE_SSH_PRIVATE_KEY_CMD test not run");
            return;
        }
        Path key = tmp.resolve("cmd_key");
        assertEquals(0, AgeTestSupport.run(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).code());
        String publicKey = Files.readString(tmp.resolve("cmd_key.pub")).strip();
        AgeRecipient recipient = AgeRecipient.parse(publicKey);
        byte[] encrypted = dev.secrets.sops.Sops.encrypt("TOKEN=x\n".getBytes(StandardCharsets.UTF_8),
                dev.secrets.sops.stores.Format.DOTENV, dev.secrets.sops.EncryptionRule.of(List.of(recipient)));
        Path seen = tmp.resolve("seen-recipient");
        Path script = Files.writeString(tmp.resolve("ssh-key-cmd.sh"),
                "#!/bin/sh\nprintf '%s' \"$SOPS_AGE_RECIPIENT\" > '" + seen + "'\ncat '" + key + "'\n");
        script.toFile().setExecutable(true);
        AgeKeyDiscovery d = discovery(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_CMD", script.toString()));
        try (var opened = dev.secrets.sops.Sops.decrypt(encrypted, dev.secrets.sops.stores.Format.DOTENV,
                List.of(d.identities()))) {
            assertEquals("x", opened.toMap().get("TOKEN"));
        }
        // sops passes the entry's recipient as written in the file
        assertEquals(recipient.toString(), Files.readString(seen));
        LoadedIdentities l = d.load("age1whatever");
        assertEquals(List.of("SOPS_AGE_SSH_PRIVATE_KEY_CMD"), l.sources());
    }

    @Test
    void sshKeyCommandErrorsAreSops() throws Exception {
        if (!AgeTestSupport.hasCommand("ssh-keygen")) {
            System.err.println("SKIPPED: ssh-keygen absent; SOPS_AGE_SSH_PRIVATE_KEY_CMD test not run");
            return;
        }
        Path key = tmp.resolve("enc_cmd_key");
        assertEquals(0, AgeTestSupport.run(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "pass", "-f", key.toString()).code());
        LoadedIdentities l = discovery(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "cat " + key)).load(null);
        assertEquals(List.of("the SSH key returned by running SOPS_AGE_SSH_PRIVATE_KEY_CMD is password protected, which is"
                + " unsupported. (\"ssh: this private key is passphrase protected\")"), l.errors());
        l = discovery(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "false")).load(null);
        assertEquals(List.of("failed to execute command false: exit status 1"), l.errors());
        assertTrue(l.identities().isEmpty());
    }
}
