package dev.secrets.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI with a chosen environment, folder and stdin: in this JVM through {@link Main#run(Context,
 * String...)} (fast), or as a child JVM where a test needs a process of its own ({@link #builder}: to
 * kill or signal it; {@link #umask}, {@link #jvmOption} and {@link #mainClass} imply one).
 */
public final class Cli {
    private final Map<String, String> env = new HashMap<>();
    private Path dir = Path.of("").toAbsolutePath();
    private byte[] stdin = new byte[0];
    private String umask;
    private final List<String> jvmOptions = new ArrayList<>();
    private String mainClass = "dev.secrets.cli.Main";
    private String program;

    /** The CLI's result; stdout as bytes (it may be binary). */
    public record Result(int exit, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stderr: " + stderr;
        }
    }

    public Cli() {
        // A clean key environment: only what a test sets.
        env.put("HOME", System.getProperty("java.io.tmpdir") + "/secrets-test-home-none");
        env.put("XDG_CONFIG_HOME", System.getProperty("java.io.tmpdir") + "/secrets-test-xdg-none");
        // no audit log under the shared fake HOME; audit tests name their own (SECRETS_AUDIT_LOG) and turn it on
        env.put("SECRETS_AUDIT", "off");
    }

    public Cli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Runs as if invoked under this name (the launcher passes it as -Dsecrets.program), e.g. {@code sops}. */
    public Cli program(String name) {
        this.program = name;
        return this;
    }

    public Cli dir(Path folder) {
        this.dir = folder;
        return this;
    }

    public Cli stdin(String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Raw bytes on stdin (not necessarily UTF-8). */
    public Cli stdinBytes(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    /** Adds an option for the child JVM (before the main class). */
    public Cli jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Runs another entry point of the jar (the launcher's {@code Training}) instead of Main. */
    public Cli mainClass(String name) {
        this.mainClass = name;
        return this;
    }

    /** Runs the CLI under this umask (through {@code sh -c 'umask M; exec ...'}). */
    public Cli umask(String mask) {
        this.umask = mask;
        return this;
    }

    public ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(jvmOptions);
        if (program != null) {
            cmd.add("-Dsecrets.program=" + program);
        }
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        if (umask != null) {
            cmd.addAll(0, List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> e = environment(pb.environment());
        pb.environment().clear();
        pb.environment().putAll(e);
        return pb;
    }

    /** The environment the CLI sees: this process's, less key and editor settings, plus the test's. */
    private Map<String, String> environment(Map<String, String> base) {
        Map<String, String> e = new HashMap<>(base);
        e.keySet().removeIf(k -> k.startsWith("SOPS_") || k.startsWith("SECRETS_") || k.equals("EDITOR")
                || k.equals("VISUAL"));
        e.putAll(env);
        return e;
    }

    /** Runs the CLI in this JVM, or in a child JVM when a JVM option, umask or other entry point is set. */
    public Result run(String... args) {
        if (umask != null || !jvmOptions.isEmpty() || !mainClass.equals("dev.secrets.cli.Main")) {
            return runChild(args);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Context ctx = Context.of(new ByteArrayInputStream(stdin), outStream, errStream, environment(System.getenv()), dir);
        if (program != null) {
            ctx.program(program);
        }
        int code = Main.run(ctx, args);
        outStream.flush();
        errStream.flush();
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs the CLI as a child JVM, as a user runs it. */
    public Result runChild(String... args) {
        try {
            Process p = builder(args).start();
            p.getOutputStream().write(stdin);
            p.getOutputStream().close();
            byte[][] outErr = new byte[2][];
            Thread errReader = new Thread(() -> {
                try {
                    outErr[1] = p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    outErr[1] = new byte[0];
                }
            });
            errReader.start();
            outErr[0] = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            errReader.join();
            return new Result(code, outErr[0], new String(outErr[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
