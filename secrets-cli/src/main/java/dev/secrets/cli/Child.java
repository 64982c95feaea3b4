package dev.secrets.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command the CLI runs (compose, an editor, exec's command) with the context's streams: inherited
 * when they are the process's own, so a terminal program gets the terminal; copied through pipes
 * when they are not (in-process tests).
 */
public final class Child {
    private final Process process;
    private final List<Thread> pumps;

    private Child(Process process, List<Thread> pumps) {
        this.process = process;
        this.pumps = pumps;
    }

    /**
     * Starts the command in {@code dir} (null: the working folder) with {@code env} as its whole
     * environment.
     */
    public static Child start(Context ctx, List<String> command, Path dir, Map<String, String> env) throws IOException {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, onPath(command.get(0), env.get("PATH")));
        ProcessBuilder pb = new ProcessBuilder(resolved).directory((dir == null ? ctx.workingDir() : dir).toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        // the command gets the values it asked for, never the keys that opened them
        pb.environment().keySet().removeIf(Child::isKeyVariable);
        if (ctx.inheritsStreams()) {
            return new Child(pb.inheritIO().start(), List.of());
        }
        Process p = pb.start();
        List<Thread> pumps = new ArrayList<>();
        pumps.add(pump(p.getInputStream(), ctx.out(), false));
        pumps.add(pump(p.getErrorStream(), ctx.err(), false));
        pump(ctx.in(), p.getOutputStream(), true); // not joined: the command may never read it
        return new Child(p, pumps);
    }

    /**
     * A bare command name found on the child's PATH: the JDK searches its own PATH, which differs
     * from the child's when the context is not this process's (or PATH was changed for the child).
     */
    public static String onPath(String command, String path) {
        if (command.contains("/") || path == null) {
            return command;
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return command;
    }

    /** sops' key settings (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_*, SOPS_PGP_*). */
    static boolean isKeyVariable(String name) {
        return name.startsWith("SOPS_AGE_") || name.startsWith("SOPS_PGP_");
    }

    public Process process() {
        return process;
    }

    /** The exit code, once the command has ended and its output has been passed on. */
    public int waitFor() throws InterruptedException {
        int code = process.waitFor();
        for (Thread t : pumps) {
            t.join();
        }
        return code;
    }

    private static Thread pump(InputStream from, OutputStream to, boolean closeAfter) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // the command closed its end; nothing more to pass on
            } finally {
                if (closeAfter) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }
        }, "secrets-child-io");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
