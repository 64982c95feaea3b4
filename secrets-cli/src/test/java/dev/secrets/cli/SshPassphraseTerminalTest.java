package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.secrets.cli.PseudoTerminal.onPath;
import static dev.secrets.cli.PseudoTerminal.secretsCommand;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passphrase-protected SSH keys made by ssh-keygen, used by {@code secrets decrypt} in a
 * pseudo-terminal made by {@code script}: sops' prompt {@code Enter passphrase for "PATH":} shows
 * on the terminal and the typed passphrase opens the file; a wrong one, and a run without a
 * controlling terminal ({@code setsid}), fail with exit 128 (the error on one line, the no-key
 * diagnosis after it); a file the key is not needed for opens without showing the prompt.
 */
class SshPassphraseTerminalTest {
    private static final String PASSPHRASE = "ssh-pass-for-the-test-3";

    @TempDir
    Path tmp;
    Path edKey;

    @BeforeEach
    void setUp() throws Exception {
        for (String program : List.of("script", "setsid", "ssh-keygen", "stty")) {
            boolean present = onPath(program);
            if (!present) {
                System.err.println("SKIPPED: " + program + " is not installed (.ci/run installs it)");
            }
            assumeTrue(present, program + " is not installed");
        }
        edKey = keygen(tmp.resolve("id_ed25519"), "-t", "ed25519", "-a", "8");
    }

    private static Path keygen(Path key, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", PASSPHRASE, "-f", key.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return key;
    }

    private static String publicKey(Path key) throws IOException {
        String[] words = Files.readString(Path.of(key + ".pub")).strip().split(" ");
        return words[0] + " " + words[1];
    }

    private void encrypt(String recipients) throws IOException {
        Files.writeString(tmp.resolve("a.env"), "TOKEN=s3cr3t\n");
        Cli.Result enc = new Cli().dir(tmp).run("encrypt", "--age", recipients, "a.env");
        assertEquals(0, enc.exit(), enc.toString());
        Files.write(tmp.resolve("a.enc.env"), enc.stdoutBytes());
    }

    private List<String> env(String... more) {
        List<String> env = new ArrayList<>(List.of("HOME=" + tmp, "XDG_CONFIG_HOME=" + tmp.resolve("xdg")));
        env.addAll(List.of(more));
        return env;
    }

    @Test
    void thePassphraseTypedOnTheTerminalOpensAFileForAnEd25519Key() throws Exception {
        encrypt(publicKey(edKey));
        PseudoTerminal secrets = new PseudoTerminal(tmp, secretsCommand("decrypt a.enc.env"),
                env("SOPS_AGE_SSH_PRIVATE_KEY_FILE=" + edKey));
        secrets.type("Enter passphrase for \"" + edKey + "\":", PASSPHRASE);
        assertEquals(0, secrets.exit(), secrets.output());
        assertTrue(secrets.output().contains("TOKEN=s3cr3t"), secrets.output());
        assertFalse(secrets.output().contains(PASSPHRASE), "the passphrase was echoed: " + secrets.output());
    }

    @Test
    void andForAnRsaKeyInTheSshFolder() throws Exception {
        Path rsa = keygen(Files.createDirectories(tmp.resolve(".ssh")).resolve("id_rsa"), "-t", "rsa", "-b", "2048", "-a", "8");
        encrypt(publicKey(rsa));
        PseudoTerminal secrets = new PseudoTerminal(tmp, secretsCommand("decrypt a.enc.env"), env());
        secrets.type("Enter passphrase for \"" + rsa + "\":", PASSPHRASE);
        assertEquals(0, secrets.exit(), secrets.output());
        assertTrue(secrets.output().contains("TOKEN=s3cr3t"), secrets.output());
    }

    @Test
    void aWrongPassphraseIsExit128() throws Exception {
        encrypt(publicKey(edKey));
        PseudoTerminal secrets = new PseudoTerminal(tmp, secretsCommand("decrypt a.enc.env"),
                env("SOPS_AGE_SSH_PRIVATE_KEY_FILE=" + edKey));
        secrets.type("Enter passphrase for \"" + edKey + "\":", "not-the-passphrase");
        assertEquals(128, secrets.exit(), secrets.output());
        String error = secrets.output().lines().filter(l -> l.startsWith("secrets:")).findFirst().orElse("");
        assertTrue(error.strip().endsWith("failed to decrypt SSH key file \"" + edKey
                + "\": x509: decryption password incorrect"), secrets.output());
        assertFalse(secrets.output().contains("s3cr3t"), secrets.output());
    }

    @Test
    void withoutATerminalItSaysSo() throws Exception {
        encrypt(publicKey(edKey));
        PseudoTerminal.Detached run = PseudoTerminal.detached(tmp, env("SOPS_AGE_SSH_PRIVATE_KEY_FILE=" + edKey), "decrypt", "a.enc.env");
        assertEquals(128, run.exit(), run.err());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertTrue(lines.get(0).endsWith("; failed to obtain passphrase: could not read passphrase for \"" + edKey
                + "\": no terminal (/dev/tty cannot be opened)"), run.err());
        // the diagnosis that follows does not send the user after another key
        assertTrue(lines.get(lines.size() - 1).strip().startsWith("likely fix: one of your keys is a recipient but could"
                + " not be used"), run.err());
    }

    @Test
    void notAskedWhenAnAgeKeyOpensTheFileFirst() throws Exception {
        Path keys = tmp.resolve("keys.txt");
        Cli.Result keygen = new Cli().dir(tmp).run("keygen", "-o", keys.toString());
        assertEquals(0, keygen.exit(), keygen.toString());
        String ageRecipient = Files.readString(keys).lines().filter(l -> l.startsWith("# public key: "))
                .findFirst().orElseThrow().substring("# public key: ".length());
        encrypt(ageRecipient + "," + publicKey(edKey));
        // on a terminal, where a prompt would show (and wait)
        PseudoTerminal secrets = new PseudoTerminal(tmp, secretsCommand("decrypt a.enc.env"),
                env("SOPS_AGE_SSH_PRIVATE_KEY_FILE=" + edKey, "SOPS_AGE_KEY_FILE=" + keys));
        assertEquals(0, secrets.exitUnless("Enter passphrase"), secrets.output());
        assertTrue(secrets.output().contains("TOKEN=s3cr3t"), secrets.output());
    }

    @Test
    void notAskedWhenTheFileIsForAnotherKey() throws Exception {
        Path other = keygen(tmp.resolve("other"), "-t", "ed25519", "-a", "4");
        encrypt(publicKey(other));
        PseudoTerminal.Detached run = PseudoTerminal.detached(tmp, env("SOPS_AGE_SSH_PRIVATE_KEY_FILE=" + edKey), "decrypt", "a.enc.env");
        assertEquals(128, run.exit(), run.err());
        assertTrue(run.err().contains("no identity matched any of the recipients"), run.err());
        assertFalse(run.err().contains("passphrase"), "asked for a key no stanza is for: " + run.err());
    }
}
