package dev.secrets.cli.service;

import dev.secrets.cli.Child;
import dev.secrets.cli.Context;
import dev.secrets.cli.ShellCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The compose command deploy and down run: {@code SECRETS_COMPOSE} (shell words) or {@code docker
 * compose}, and what to tell the user when it cannot run. Without its compose plugin, docker answers
 * {@code up -d} with "unknown shorthand flag: 'd' in -d", which names neither compose nor the way out.
 */
final class ComposeTool {
    static final List<String> DEFAULT = List.of("docker", "compose");
    static final String HINT = "set SECRETS_COMPOSE to another compose command, such as docker-compose or podman-compose";

    private ComposeTool() {
    }

    /** The words before compose's own subcommand. */
    static List<String> base(Context ctx) {
        return ShellCommand.split(ctx.env("SECRETS_COMPOSE"), DEFAULT);
    }

    /** The base words, then the subcommand and its arguments. */
    static List<String> command(Context ctx, List<String> subcommand) {
        List<String> cmd = new ArrayList<>(base(ctx));
        cmd.addAll(subcommand);
        return cmd;
    }

    /**
     * The compose files compose will read, as it finds them: the {@code -f}/{@code --file} options in
     * {@code SECRETS_COMPOSE}, else {@code COMPOSE_FILE} (separated by {@code COMPOSE_PATH_SEPARATOR},
     * default {@code :}), else {@code defaultFile} (the default name found in {@code dir}, or null);
     * relative names are resolved against {@code dir}, where compose runs. Empty when there is none
     * ({@code -f -}, stdin, is compose's to read and is left out).
     */
    static List<Path> files(Context ctx, Path dir, Path defaultFile) {
        List<Path> out = new ArrayList<>();
        List<String> words = base(ctx);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String name = null;
            if ((w.equals("-f") || w.equals("--file")) && i + 1 < words.size()) {
                name = words.get(++i);
            } else if (w.startsWith("--file=")) {
                name = w.substring("--file=".length());
            } else if (w.startsWith("-f") && w.length() > 2 && !w.startsWith("--")) {
                name = w.substring(2);
            }
            if (name != null && !name.equals("-")) {
                out.add(dir.resolve(name).normalize());
            }
        }
        String fromEnv = ctx.env("COMPOSE_FILE");
        if (out.isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
            String sep = ctx.env("COMPOSE_PATH_SEPARATOR");
            for (String name : fromEnv.split(java.util.regex.Pattern.quote(sep == null || sep.isEmpty() ? ":" : sep))) {
                if (!name.isBlank()) {
                    out.add(dir.resolve(name.strip()).normalize());
                }
            }
        }
        if (out.isEmpty() && defaultFile != null) {
            out.add(defaultFile);
        }
        return out;
    }

    /** The program could not be started at all (not on PATH, not executable). */
    static String notStarted(List<String> command) {
        return "could not run " + ShellCommand.join(command) + ": " + command.get(0) + " was not found or cannot be run; "
                + "install it, or " + HINT;
    }

    /**
     * After compose failed: when the command is docker's plugin ({@code docker [options] compose}) and
     * {@code docker ... compose version} fails too, the plugin is missing: the line that says so, else
     * null (compose ran and failed on its own, and has said why). The probe runs only after a failure,
     * so a working deploy pays nothing for it.
     */
    static String missingPlugin(Context ctx, List<String> base, Path dir, Map<String, String> env) {
        int compose = base.indexOf("compose");
        if (compose < 1 || !new File(base.get(0)).getName().equals("docker")) {
            return null;
        }
        List<String> probe = new ArrayList<>(base.subList(0, compose + 1));
        probe.add("version");
        try {
            ProcessBuilder pb = new ProcessBuilder(Child.onPath(probe.get(0), env.get("PATH"))).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.command().addAll(probe.subList(1, probe.size()));
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() == 0) {
                return null;
            }
        } catch (IOException e) {
            // docker itself is gone now: the plugin is not there either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return "the docker compose plugin was not found (" + ShellCommand.join(probe) + " failed); install it, or " + HINT;
    }
}
