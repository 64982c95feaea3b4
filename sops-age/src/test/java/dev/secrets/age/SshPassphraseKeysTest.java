package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passphrase-protected SSH private keys made by ssh-keygen on this machine, the reference: opened
 * with the passphrase they give the public key {@code ssh-keygen -y -P} prints (which checks our
 * bcrypt_pbkdf, the pi-digit Blowfish state and both ciphers x/crypto reads), and found by key
 * discovery as sops finds them: the passphrase asked only when a stanza is for that key, once; a
 * wrong one or none to be had is exit 128 on one line naming the key file.
 */
class SshPassphraseKeysTest {
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path tmp;
    final List<String> asked = new ArrayList<>();

    @BeforeEach
    void needsSshKeygen() {
        boolean present = AgeTestSupport.hasCommand("ssh-keygen");
        if (!present) {
            System.err.println("SKIPPED: ssh-keygen is not installed (.ci/run installs openssh-client)");
        }
        assumeTrue(present, "ssh-keygen is not installed");
    }

    private Path keygen(String name, String... args) throws Exception {
        Path key = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-C", "test@host", "-N", PASSPHRASE));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-f", key.toString()));
        AgeTestSupport.Result r = AgeTestSupport.run(null, cmd.toArray(String[]::new));
        assertEquals(0, r.code(), r.stderr());
        return key;
    }

    /** What ssh-keygen itself derives from the private key with the passphrase, without comment. */
    private static String sshKeygenPublic(Path key) throws Exception {
        AgeTestSupport.Result r = AgeTestSupport.run(null, "ssh-keygen", "-y", "-P", PASSPHRASE, "-f", key.toString());
        assertEquals(0, r.code(), r.stderr());
        String[] words = r.out().strip().split(" ");
        return words[0] + " " + words[1];
    }

    private static AgeIdentity open(Path key, String passphrase) throws Exception {
        return SshPrivateKeys.parse(Files.readString(key), passphrase.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void piWordsAreBlowfishsInitialState() {
        long start = System.nanoTime();
        int[] words = PiWords.first(18 + 1024);
        System.err.printf("pi words for Blowfish: %.1f ms (first call in this JVM; wall clock)%n",
                (System.nanoTime() - start) / 1e6);
        assertEquals(0x243F6A88, words[0]);
        assertEquals(0x85A308D3, words[1]);
        assertEquals(0x8979FB1B, words[17]); // P[17]
        assertEquals(0xD1310BA6, words[18]); // S-box 0, first word
        assertEquals(0x3AC372E6, words[18 + 1023]); // S-box 3, last word
    }

    @Test
    void squareRootIsTheFloor() {
        for (long n : new long[] {0, 1, 2, 3, 4, 15, 16, 17, (1L << 52) - 1, 1L << 53, Long.MAX_VALUE}) {
            java.math.BigInteger b = java.math.BigInteger.valueOf(n);
            assertEquals(b.sqrt(), PiWords.sqrt(b), "sqrt " + n);
        }
        java.math.BigInteger big = java.math.BigInteger.TEN.pow(700).add(java.math.BigInteger.valueOf(12345));
        assertEquals(big.sqrt(), PiWords.sqrt(big));
        java.math.BigInteger next = big.add(java.math.BigInteger.ONE);
        assertEquals(big, PiWords.sqrt(next.multiply(next).subtract(java.math.BigInteger.ONE)));
        assertEquals(next, PiWords.sqrt(next.multiply(next)));
    }

    @Test
    void sshKeygenKeysOpenWithTheirPassphrase() throws Exception {
        List<Path> keys = List.of(
                keygen("ed25519-default", "-t", "ed25519"), // aes256-ctr, 16 rounds: ssh-keygen's defaults
                keygen("ed25519-cbc", "-t", "ed25519", "-a", "3", "-Z", "aes256-cbc"),
                keygen("rsa-openssh", "-t", "rsa", "-b", "2048", "-a", "5"),
                keygen("rsa-pem", "-t", "rsa", "-b", "2048", "-m", "PEM"));
        for (Path key : keys) {
            String name = key.getFileName().toString();
            AgeIdentity id = open(key, PASSPHRASE);
            assertEquals(sshKeygenPublic(key), id.recipient(), name);
            assertEquals(name.startsWith("rsa") ? "ssh-rsa" : "ssh-ed25519", id.kind(), name);
            assertThrows(SshPrivateKeys.IncorrectPassphrase.class, () -> open(key, PASSPHRASE + "x"), name);
            SshPrivateKeys.PassphraseProtected missing = assertThrows(SshPrivateKeys.PassphraseProtected.class,
                    () -> SshPrivateKeys.parse(Files.readString(key)), name);
            assertNull(missing.unusable(), name);
            if (name.endsWith("pem")) {
                assertNull(missing.publicWire(), "legacy PEM holds no public key");
            } else {
                assertArrayEquals(Base64.getDecoder().decode(sshKeygenPublic(key).split(" ")[1]), missing.publicWire(), name);
            }
        }
    }

    @Test
    void legacyPemAgreesWithPythonCryptography() throws Exception {
        boolean python = AgeTestSupport.run(null, "python3", "-c", "import cryptography").code() == 0;
        if (!python) {
            System.err.println("SKIPPED: python3-cryptography is not installed (.ci/run installs it)");
        }
        assumeTrue(python);
        Path key = keygen("rsa-pem", "-t", "rsa", "-b", "3072", "-m", "PEM");
        assertTrue(Files.readString(key).contains("Proc-Type: 4,ENCRYPTED"));
        AgeTestSupport.Result py = AgeTestSupport.run(null, "python3", "-c", String.join("\n",
                "import sys",
                "from cryptography.hazmat.primitives import serialization as s",
                "k = s.load_pem_private_key(open(sys.argv[1], 'rb').read(), sys.argv[2].encode())",
                "print(k.public_key().public_bytes(s.Encoding.OpenSSH, s.PublicFormat.OpenSSH).decode())"),
                key.toString(), PASSPHRASE);
        assertEquals(0, py.code(), py.stderr());
        assertEquals(py.out().strip(), open(key, PASSPHRASE).recipient());
    }

    // --- key discovery and sops files ---

    private PassphrasePrompt answering(String passphrase) {
        return new PassphrasePrompt() {
            @Override
            public byte[] passphrase(String location) {
                throw new AssertionError("the identity-file prompt was used for " + location);
            }

            @Override
            public byte[] sshKeyPassphrase(String keyFile) {
                asked.add(keyFile);
                return passphrase.getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private List<Identity> discovered(Map<String, String> env, PassphrasePrompt prompt) {
        return List.of(new AgeKeyDiscovery(env, tmp, AgeKeyDiscovery.Os.LINUX, prompt).identities());
    }

    private static byte[] encryptedFor(String... recipients) {
        List<AgeRecipient> list = new ArrayList<>();
        for (String r : recipients) {
            list.add(AgeRecipient.parse(r));
        }
        return Sops.encrypt("TOKEN=s3cr3t\n".getBytes(StandardCharsets.UTF_8), Format.DOTENV, EncryptionRule.of(list));
    }

    private static String token(List<Identity> ids, byte[] file) {
        try (DecryptedFile opened = Sops.decrypt(file, Format.DOTENV, ids)) {
            return String.valueOf(opened.toMap().get("TOKEN"));
        }
    }

    @Test
    void aProtectedKeyFileOpensAFileForItsKeyAskingOnce() throws Exception {
        Path ed = keygen("id_ed25519", "-t", "ed25519", "-a", "4");
        byte[] file = encryptedFor(sshKeygenPublic(ed));
        List<Identity> ids = discovered(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", ed.toString()), answering(PASSPHRASE));
        assertEquals(List.of(), asked, "asked before a file needed the key");
        assertEquals("s3cr3t", token(ids, file));
        assertEquals("s3cr3t", token(ids, file));
        assertEquals(List.of(ed.toString()), asked);
    }

    @Test
    void anRsaKeyInTheSshFolderOpensToo() throws Exception {
        Path ssh = Files.createDirectories(tmp.resolve(".ssh"));
        Path rsa = keygen(".ssh/id_rsa", "-t", "rsa", "-b", "2048", "-a", "4");
        Path pem = keygen("rsa-pem", "-t", "rsa", "-b", "2048", "-m", "PEM");
        assertEquals("s3cr3t", token(discovered(Map.of(), answering(PASSPHRASE)), encryptedFor(sshKeygenPublic(rsa))));
        assertEquals(List.of(ssh.resolve("id_rsa").toString()), asked);
        // legacy PEM: the public key comes from KEY.pub, as sops reads it
        asked.clear();
        byte[] forPem = encryptedFor(sshKeygenPublic(pem));
        assertEquals("s3cr3t", token(discovered(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", pem.toString()),
                answering(PASSPHRASE)), forPem));
        assertEquals(List.of(pem.toString()), asked);
        Files.delete(Path.of(pem + ".pub"));
        SopsException e = assertThrows(SopsException.class, () -> token(discovered(
                Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", pem.toString()), answering(PASSPHRASE)), forPem));
        assertTrue(e.getMessage().contains("failed to obtain public \"" + pem + ".pub\" key for \"" + pem
                + "\" SSH key: open " + pem + ".pub: no such file or directory"), e.getMessage());
    }

    @Test
    void notAskedWhenNoStanzaIsForTheKey() throws Exception {
        Path ed = keygen("id_ed25519", "-t", "ed25519", "-a", "4");
        AgeKeygen ageKey = AgeKeygen.generate();
        Path keys = Files.writeString(tmp.resolve("keys.txt"), ageKey.render());
        Map<String, String> env = Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", ed.toString(), "SOPS_AGE_KEY_FILE", keys.toString());
        // the age key's entry comes first in the file, and opens it
        assertEquals("s3cr3t", token(discovered(env, answering("never asked")),
                encryptedFor(ageKey.publicKey(), sshKeygenPublic(ed))));
        // a stanza for another SSH key of the same type
        Path other = keygen("other", "-t", "ed25519", "-a", "4");
        SopsException e = assertThrows(SopsException.class, () -> token(discovered(env, answering("never asked")),
                encryptedFor(sshKeygenPublic(other))));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertTrue(e.getMessage().contains(AnyIdentityReader.NO_MATCH), e.getMessage());
        assertEquals(List.of(), asked);
    }

    @Test
    void notAskedWhenTheSameKeyIsGivenUnprotectedToo() throws Exception {
        Path ed = keygen("id_ed25519", "-t", "ed25519", "-a", "4");
        Path plain = Files.copy(ed, tmp.resolve("plain"));
        AgeTestSupport.Result r = AgeTestSupport.run(null, "ssh-keygen", "-p", "-P", PASSPHRASE, "-N", "", "-f", plain.toString());
        assertEquals(0, r.code(), r.stderr());
        // the protected file is found first (SOPS_AGE_SSH_PRIVATE_KEY_FILE), the plain copy from the command after it
        List<Identity> ids = discovered(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", ed.toString(),
                "SOPS_AGE_SSH_PRIVATE_KEY_CMD", "cat " + plain), answering("never asked"));
        assertEquals("s3cr3t", token(ids, encryptedFor(sshKeygenPublic(ed))));
        assertEquals(List.of(), asked);
    }

    @Test
    void wrongPassphraseIsExit128OnOneLineAskedOnce() throws Exception {
        Path ed = keygen("id_ed25519", "-t", "ed25519", "-a", "4");
        byte[] file = encryptedFor(sshKeygenPublic(ed));
        List<Identity> ids = discovered(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", ed.toString()), answering("wrong"));
        for (int i = 0; i < 2; i++) {
            SopsException e = assertThrows(SopsException.class, () -> token(ids, file));
            assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
            assertTrue(e.getMessage().endsWith("; failed to decrypt SSH key file \"" + ed
                    + "\": x509: decryption password incorrect"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(1, asked.size());
    }

    @Test
    void noTerminalIsAClearError() throws Exception {
        Path ed = keygen("id_ed25519", "-t", "ed25519", "-a", "4");
        List<Identity> ids = discovered(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", ed.toString()), new PassphrasePrompt() {
            @Override
            public byte[] passphrase(String location) {
                throw new AssertionError(location);
            }

            @Override
            public byte[] sshKeyPassphrase(String keyFile) {
                throw new IllegalStateException("could not read passphrase for \"" + keyFile + "\": no terminal");
            }
        });
        SopsException e = assertThrows(SopsException.class, () -> token(ids, encryptedFor(sshKeygenPublic(ed))));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertTrue(e.getMessage().endsWith("; failed to obtain passphrase: could not read passphrase for \"" + ed
                + "\": no terminal"), e.getMessage());
    }

    @Test
    void ciphersSopsCannotReadAreNamedWithoutAsking() throws Exception {
        for (String cipher : List.of("aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com")) {
            Path key = keygen("k-" + cipher.substring(0, 6), "-t", "ed25519", "-a", "4", "-Z", cipher);
            SopsException e = assertThrows(SopsException.class, () -> token(
                    discovered(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.toString()), answering(PASSPHRASE)),
                    encryptedFor(sshKeygenPublic(key))));
            assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
            assertTrue(e.getMessage().endsWith("; failed to decrypt SSH key file \"" + key + "\": ssh: unknown cipher \""
                    + cipher + "\", only supports \"aes256-ctr\" or \"aes256-cbc\""), e.getMessage());
        }
        assertEquals(List.of(), asked);
    }

    @Test
    void kdfParametersSopsRefuses() {
        byte[] options = bcryptOptions(2049);
        assertEquals("ssh: bcrypt KDF rounds 2049 exceed maximum 2048",
                OpenSshKeyDecryption.unusable("aes256-ctr", "bcrypt", options));
        assertNull(OpenSshKeyDecryption.unusable("aes256-ctr", "bcrypt",
                bcryptOptions(2048)));
        assertEquals("ssh: unknown KDF \"scrypt\", only supports \"bcrypt\"",
                OpenSshKeyDecryption.unusable("aes256-ctr", "scrypt", options));
        assertEquals("ssh: bcrypt KDF rounds 4294967295 exceed maximum 2048", OpenSshKeyDecryption.unusable("aes256-ctr",
                "bcrypt", bcryptOptions(-1)));
    }

    private static byte[] bcryptOptions(int rounds) {
        byte[] salt = new SshWireWriter().string(new byte[16]).toByteArray();
        byte[] options = java.util.Arrays.copyOf(salt, salt.length + 4);
        java.nio.ByteBuffer.wrap(options, salt.length, 4).putInt(rounds);
        return options;
    }

    @Test
    void aProtectedKeyFromTheKeyCommandIsRefusedAsSopsDoes() throws Exception {
        Path ed = keygen("id_ed25519", "-t", "ed25519", "-a", "4");
        LoadedIdentities loaded = new AgeKeyDiscovery(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "cat " + ed), tmp,
                AgeKeyDiscovery.Os.LINUX, answering(PASSPHRASE)).load(null);
        assertEquals(List.of("the SSH key returned by running SOPS_AGE_SSH_PRIVATE_KEY_CMD is password protected, which is"
                + " unsupported. (\"ssh: this private key is passphrase protected\")"), loaded.errors());
        assertEquals(List.of(), asked);
    }

    @Test
    void pkcs8EncryptedKeysAreRefusedAsSopsDoes() throws Exception {
        Path key = keygen("rsa-pkcs8", "-t", "rsa", "-b", "2048", "-m", "PKCS8");
        LoadedIdentities loaded = new AgeKeyDiscovery(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.toString()), tmp,
                AgeKeyDiscovery.Os.LINUX, answering(PASSPHRASE)).load(null);
        assertEquals(List.of("malformed SSH identity in \"" + key + "\": ssh: unsupported key type \"ENCRYPTED PRIVATE KEY\""),
                loaded.errors());
    }
}
