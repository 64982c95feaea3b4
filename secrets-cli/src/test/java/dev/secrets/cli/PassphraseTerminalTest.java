package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Terminal age = new Terminal("age -p -a -o " + protectedKeys + " " + plainKeys, List.of());
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
        Terminal secrets = new Terminal(secretsCommand("decrypt a.enc.env"), keyEnv());
        secrets.type("Enter passphrase for identity 'SOPS_AGE_KEY_FILE':", PASSPHRASE);
        assertEquals(0, secrets.exit(), secrets.output());
        assertTrue(secrets.output().contains("TOKEN=s3cr3t"), secrets.output());
        assertFalse(secrets.output().contains(PASSPHRASE), "the passphrase was echoed: " + secrets.output());
    }

    @Test
    void aWrongPassphraseIsExit128() throws Exception {
        Terminal secrets = new Terminal(secretsCommand("decrypt a.enc.env"), keyEnv());
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
        Terminal secrets = new Terminal(secretsCommand("decrypt a.enc.env"), env);
        assertEquals(128, secrets.exit(), secrets.output());
        assertFalse(secrets.output().contains("Enter passphrase"), secrets.output());
        assertTrue(secrets.output().contains("cannot turn off echo on the terminal"), secrets.output());
        assertFalse(secrets.output().contains("s3cr3t"), secrets.output());
    }

    @Test
    void withoutATerminalItSaysSo() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setsid", "-w"));
        cmd.addAll(javaCommand());
        cmd.addAll(List.of("decrypt", "a.enc.env"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        environment(pb, keyEnv());
        Process p = pb.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(128, p.exitValue(), err);
        assertEquals("", out);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.strip().endsWith("cannot ask for the passphrase of identity 'SOPS_AGE_KEY_FILE': no terminal"
                + " (/dev/tty cannot be opened)"), err);
    }

    private List<String> keyEnv() {
        return List.of("SOPS_AGE_KEY_FILE=" + protectedKeys, "HOME=" + tmp, "XDG_CONFIG_HOME=" + tmp.resolve("xdg"));
    }

    private static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.secrets.cli.Main");
    }

    private static String secretsCommand(String args) {
        StringBuilder s = new StringBuilder();
        for (String word : javaCommand()) {
            s.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        return s.append(args).toString();
    }

    private static void environment(ProcessBuilder pb, List<String> env) {
        pb.environment().keySet().removeIf(k -> k.startsWith("SOPS_") || k.startsWith("SECRETS_"));
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** A command in a pseudo-terminal ({@code script}): what it shows, and lines typed once a prompt has shown. */
    private final class Terminal {
        private final Process process;
        private final Path transcript;
        private final OutputStream keyboard;

        Terminal(String command, List<String> env) throws IOException {
            transcript = Files.createTempFile(tmp, "terminal", ".out");
            ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
                    .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(transcript.toFile());
            environment(pb, env);
            process = pb.start();
            keyboard = process.getOutputStream();
        }

        void type(String prompt, String line) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(output(), prompt) <= typed(prompt)) {
                assertTrue(System.nanoTime() < deadline, "no prompt '" + prompt + "' in: " + output());
                assertTrue(process.isAlive() || count(output(), prompt) > typed(prompt), "ended before the prompt: " + output());
                Thread.sleep(100);
            }
            prompts.add(prompt);
            keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        private static int count(String text, String part) {
            int n = 0;
            for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
                n++;
            }
            return n;
        }

        private final List<String> prompts = new ArrayList<>();

        private int typed(String prompt) {
            return (int) prompts.stream().filter(prompt::equals).count();
        }

        int exit() throws Exception {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "timed out: " + output());
            keyboard.close();
            return process.exitValue();
        }

        String output() throws IOException {
            return new String(Files.readAllBytes(transcript), StandardCharsets.UTF_8);
        }
    }
}
