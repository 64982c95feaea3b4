package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command in a pseudo-terminal made by {@code script}: what it shows, and lines typed once a prompt
 * has shown (a prompt typed at twice waits for its second showing). Shared by the terminal tests
 * (passphrase-protected identity files and SSH keys), with the CLI's command line and environment.
 */
final class PseudoTerminal {
    private final Process process;
    private final Path transcript;
    private final OutputStream keyboard;
    private final List<String> prompts = new ArrayList<>();

    /** Runs {@code command} (shell words) in {@code dir}, the environment as {@link #environment} makes it. */
    PseudoTerminal(Path dir, String command, List<String> env) throws IOException {
        transcript = Files.createTempFile(dir, "terminal", ".out");
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(transcript.toFile());
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

    /** The exit code; fails as soon as {@code prompt} shows instead. */
    int exitUnless(String prompt) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (process.isAlive()) {
            if (output().contains(prompt) || System.nanoTime() > deadline) {
                process.destroyForcibly(); // it waits for a line that never comes
                break;
            }
            Thread.sleep(100);
        }
        assertFalse(output().contains(prompt), "asked: " + output());
        keyboard.close();
        return process.exitValue();
    }

    int exit() throws Exception {
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "timed out: " + output());
        keyboard.close();
        return process.exitValue();
    }

    String output() throws IOException {
        return new String(Files.readAllBytes(transcript), StandardCharsets.UTF_8);
    }

    private int typed(String prompt) {
        return (int) prompts.stream().filter(prompt::equals).count();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** What a run without a terminal printed, and its exit code. */
    record Detached(int exit, String out, String err) {
    }

    /**
     * The CLI with {@code args} in {@code dir}, in a new session ({@code setsid}): no controlling
     * terminal, so /dev/tty cannot be opened; stdin is closed.
     */
    static Detached detached(Path dir, List<String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setsid", "-w"));
        cmd.addAll(javaCommand());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        environment(pb, env);
        Process p = pb.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Detached(p.exitValue(), out, err);
    }

    /** The CLI run as its own JVM: java, this test run's class path, Main. */
    static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.secrets.cli.Main");
    }

    /** {@link #javaCommand} as shell words for {@code script -c}, then {@code args}. */
    static String secretsCommand(String args) {
        StringBuilder s = new StringBuilder();
        for (String word : javaCommand()) {
            s.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        return s.append(args).toString();
    }

    /** This process's environment less key settings ({@code SOPS_*}, {@code SECRETS_*}), plus {@code NAME=VALUE}s. */
    static void environment(ProcessBuilder pb, List<String> env) {
        pb.environment().keySet().removeIf(k -> k.startsWith("SOPS_") || k.startsWith("SECRETS_"));
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
