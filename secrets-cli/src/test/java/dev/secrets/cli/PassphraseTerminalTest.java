package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.secrets.cli.PseudoTerminal.onPath;
import static dev.secrets.cli.PseudoTerminal.secretsCommand;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keys file encrypted with a passphrase by the age CLI ({@code age -p}), used by {@code secrets
 * decrypt} in a pseudo-terminal made by {@code script}: the passphrase is typed when the prompt shows;
 * a wrong one, and a run without a controlling terminal ({@code setsid}), fail with exit 128 on one line.
 */
class PassphraseTerminalTest {
    private static final String PASSPHRASE = "pw-for-the-test-7";

    @TempDir
    Path tmp;
    Path protectedKeys;

    @BeforeEach
    void setUp() throws Exception {
        for (String program : List.of("script", "setsid", "age", "age-keygen", "stty")) {
            boolean present = onPath(program);
            if (!present) {
                System.err.println("SKIPPED: " + program + " is not installed (.ci/run installs it)");
            }
            assumeTrue(present, program + " is not installed");
        }
        Path plainKeys = tmp.resolve("keys.txt");
        assertEquals(0, new ProcessBuilder("age-keygen", "-o", plainKeys.toString()).redirectErrorStream(true)
                .start().waitFor());
        String recipient = new String(new ProcessBuilder("age-keygen", "-y", plainKeys.toString()).start()
                .getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        protectedKeys = tmp.resolve("keys.age");
        PseudoTerminal age = new PseudoTerminal(tmp, "age -p -a -o " + protectedKeys + " " + plainKeys, List.of());
        age.type("Enter passphrase", PASSPHRASE);
        age.type("Confirm passphrase", PASSPHRASE);
        assertEquals(0, age.exit(), age.output());
        assertTrue(Files.readString(protectedKeys).startsWith("-----BEGIN AGE ENCRYPTED FILE-----"));
        Files.delete(plainKeys);

        Files.writeString(tmp.resolve("a.env"), "TOKEN=s3cr3t\n");
        Cli.Result enc = new Cli().dir(tmp).run("encrypt", "--age", recipient, "a.env");
        assertEquals(0, enc.exit(), enc.toString());
        Files.write(tmp.resolve("a.enc.env"), enc.stdoutBytes());
    }

    @Test
    void thePassphraseTypedOnTheTerminalOpensTheFile() throws Exception {
        PseudoTerminal secrets = new PseudoTerminal(tmp, secretsCommand("decrypt a.enc.env"), keyEnv());
        secrets.type("Enter passphrase for identity 'SOPS_AGE_KEY_FILE':", PASSPHRASE);
        assertEquals(0, secrets.exit(), secrets.output());
        assertTrue(secrets.output().contains("TOKEN=s3cr3t"), secrets.output());
        assertFalse(secrets.output().contains(PASSPHRASE), "the passphrase was echoed: " + secrets.output());
    }

    @Test
    void aWrongPassphraseIsExit128() throws Exception {
        PseudoTerminal secrets = new PseudoTerminal(tmp, secretsCommand("decrypt a.enc.env"), keyEnv());
        secrets.type("Enter passphrase for identity 'SOPS_AGE_KEY_FILE':", "not-the-passphrase");
        assertEquals(128, secrets.exit(), secrets.output());
        String error = secrets.output().lines().filter(l -> l.startsWith("secrets:")).findFirst().orElse("");
        assertTrue(error.endsWith("identity file 'SOPS_AGE_KEY_FILE': incorrect passphrase"), secrets.output());
        assertFalse(secrets.output().contains("s3cr3t"), secrets.output());
    }

    @Test
    void whenEchoCannotBeTurnedOffThePassphraseIsNotAskedFor() throws Exception {
        // no stty on PATH: typing the passphrase would show it on the screen, so it is not asked
        Path noStty = Files.createDirectories(tmp.resolve("bin-without-stty"));
        List<String> env = new ArrayList<>(keyEnv());
        env.add("PATH=" + noStty);
        PseudoTerminal secrets = new PseudoTerminal(tmp, secretsCommand("decrypt a.enc.env"), env);
        assertEquals(128, secrets.exit(), secrets.output());
        assertFalse(secrets.output().contains("Enter passphrase"), secrets.output());
        assertTrue(secrets.output().contains("cannot turn off echo on the terminal"), secrets.output());
        assertFalse(secrets.output().contains("s3cr3t"), secrets.output());
    }

    @Test
    void withoutATerminalItSaysSo() throws Exception {
        PseudoTerminal.Detached run = PseudoTerminal.detached(tmp, keyEnv(), "decrypt", "a.enc.env");
        String out = run.out();
        String err = run.err();
        assertEquals(128, run.exit(), err);
        assertEquals("", out);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.strip().endsWith("cannot ask for the passphrase of identity 'SOPS_AGE_KEY_FILE': no terminal"
                + " (/dev/tty cannot be opened)"), err);
    }

    private List<String> keyEnv() {
        return List.of("SOPS_AGE_KEY_FILE=" + protectedKeys, "HOME=" + tmp, "XDG_CONFIG_HOME=" + tmp.resolve("xdg"));
    }
}
