package dev.secrets.sops.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code git} program in a folder with a given environment: the caller's, so that a hook
 * sees git's own {@code GIT_INDEX_FILE} and {@code GIT_DIR}, and {@code HOME} for the user's config.
 */
public final class Git {
    /** What git printed and its exit code; 127 when git could not be started. */
    public record Result(int exit, byte[] out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** stdout as text, without its final newline. */
        public String text() {
            String s = new String(out, StandardCharsets.UTF_8);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        }
    }

    private final Path dir;
    private final Map<String, String> env;

    public Git(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    public Path dir() {
        return dir;
    }

    public Result run(String... args) {
        return run(null, args);
    }

    /** Runs git with {@code stdin} (null: none); stdout and stderr are read whole. */
    public Result run(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(args.length + 1);
        cmd.add("git");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = start(cmd);
        } catch (IOException e) {
            return new Result(127, new byte[0], "git could not be started: " + e.getMessage());
        }
        Drain err = new Drain(p.getErrorStream());
        Thread feeder = feed(p.getOutputStream(), stdin);
        try {
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            feeder.join();
            return new Result(code, out, err.text());
        } catch (IOException e) {
            p.destroyForcibly();
            return new Result(128, new byte[0], "reading git's output failed: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(128, new byte[0], "interrupted");
        }
    }

    /** Starts git for a caller that streams its input and output itself (cat-file --batch). */
    public Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The top folder of the work tree holding {@link #dir()}, or null outside one (or without git). */
    public Path topLevel() {
        Result r = run("rev-parse", "--show-toplevel");
        return r.ok() && !r.text().isEmpty() ? Path.of(r.text()).toAbsolutePath().normalize() : null;
    }

    /** A path inside the git folder ({@code hooks}, {@code info/exclude}), core.hooksPath and worktrees heeded. */
    public Path gitPath(String name) {
        Result r = run("rev-parse", "--git-path", name);
        return r.ok() ? dir.resolve(r.text()).toAbsolutePath().normalize() : null;
    }

    private static Thread feed(OutputStream to, byte[] data) {
        Thread t = new Thread(() -> {
            try (to) {
                if (data != null) {
                    to.write(data);
                }
            } catch (IOException e) {
                // git stopped reading; its exit code tells
            }
        }, "git-stdin");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads a stream to its end on a thread of its own, so neither pipe of the child fills up. */
    static final class Drain {
        private final Thread thread;
        private byte[] bytes = new byte[0];

        Drain(InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    // the child is gone
                }
            }, "git-stderr");
            thread.setDaemon(true);
            thread.start();
        }

        String text() throws InterruptedException {
            thread.join();
            return new String(bytes, StandardCharsets.UTF_8).strip();
        }
    }
}
