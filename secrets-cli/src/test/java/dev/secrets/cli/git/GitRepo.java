package dev.secrets.cli.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.cli.Cli;
import dev.secrets.sops.testing.SharedTestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A new user's world in a temp folder: a git repo, an empty HOME (so key discovery finds only what a
 * test puts there), git's identity in the environment, and a {@code secrets} launcher script that runs
 * this build's classes in a child JVM, for the hooks and drivers git runs.
 */
final class GitRepo {
    /** The result of a git command: exit code, stdout and stderr. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    final Path root;
    final Path home;
    final Path launcher;
    private final Map<String, String> env = new HashMap<>();

    /** Skips the calling test (SKIPPED line) when git is not installed. */
    static void requireGit() {
        SharedTestData.requireCommand("git");
    }

    /** A folder that is not yet a git repo. */
    static GitRepo folder(Path tmp) {
        return new GitRepo(tmp);
    }

    /** An empty git repo (branch main). */
    static GitRepo init(Path tmp) {
        GitRepo r = new GitRepo(tmp);
        r.ok("init", "-q", "-b", "main");
        return r;
    }

    private GitRepo(Path tmp) {
        root = tmp.resolve("repo");
        home = tmp.resolve("home");
        launcher = tmp.resolve("bin/secrets");
        try {
            Files.createDirectories(root);
            Files.createDirectories(home);
            Files.createDirectories(launcher.getParent());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                    + System.getProperty("java.class.path") + "' dev.secrets.cli.Main \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.invalid");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.invalid");
        env.put("SECRETS_LAUNCHER", launcher.toString());
    }

    /** The project's throwaway key, copied 0600 (as validate wants it) and named by SOPS_AGE_KEY_FILE. */
    GitRepo withTestKey() {
        Path copy = home.resolve("test-key.txt");
        try {
            Files.copy(dev.secrets.cli.TestRepo.KEY_FILE, copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env("SOPS_AGE_KEY_FILE", copy.toString());
    }

    /** The default key file of this HOME (where init creates one). */
    Path defaultKeyFile() {
        return home.resolve(".config/sops/age/keys.txt");
    }

    /** Sets (or, with null, removes) a variable for the CLI and for git and what git runs. */
    GitRepo env(String key, String value) {
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return this;
    }

    /** The CLI in-process, in the repo, with this environment. */
    Cli cli() {
        Cli c = new Cli().dir(root);
        // Cli starts from a HOME and XDG_CONFIG_HOME of its own: ours replace them
        env.forEach(c::env);
        return c;
    }

    Result git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("SOPS_") || k.startsWith("SECRETS_") || k.startsWith("GIT_"));
        e.putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] err = new byte[1][];
            Thread t = new Thread(() -> {
                try {
                    err[0] = p.getErrorStream().readAllBytes();
                } catch (IOException ex) {
                    err[0] = new byte[0];
                }
            });
            t.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            t.join();
            return new Result(code, out, new String(err[0], StandardCharsets.UTF_8));
        } catch (IOException e2) {
            throw new UncheckedIOException(e2);
        } catch (InterruptedException e2) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e2);
        }
    }

    /** A git command that must succeed; its stdout. */
    String ok(String... args) {
        Result r = git(args);
        assertEquals(0, r.exit(), "git " + String.join(" ", args) + ": " + r);
        return r.out();
    }

    Path write(String relative, String content) {
        Path p = root.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    String read(String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
