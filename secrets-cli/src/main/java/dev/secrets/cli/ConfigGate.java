package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigTrust;
import dev.secrets.sops.config.NestedConfig;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Which {@code .sops.yaml} may choose recipients. A config another user owns or could replace is
 * refused ({@link ConfigTrust}; {@code SECRETS_SAFE_CONFIG} lists trusted ones, as git's
 * {@code safe.directory}: paths of configs or their folders separated by ':', or '*'). A nested
 * config that gives a file other recipients than the repo root's is shown and asked about on the
 * terminal; without one it is refused unless {@code SECRETS_NESTED_CONFIG=allow}.
 */
public final class ConfigGate {
    public static final String SAFE_ENV = "SECRETS_SAFE_CONFIG";
    public static final String NESTED_ENV = "SECRETS_NESTED_CONFIG";

    private ConfigGate() {
    }

    /** The check every config of a run passes before it is read. */
    static Consumer<Path> trustCheck(Context ctx) {
        return config -> {
            if (listedAsSafe(ctx.env(SAFE_ENV), config)) {
                return;
            }
            String problem = ConfigTrust.problem(config);
            if (problem != null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, config + ": not trusted: " + problem
                        + "; another user could choose your recipients (if it is safe: " + SAFE_ENV + "=" + config + ")");
            }
        };
    }

    static boolean listedAsSafe(String list, Path config) {
        if (list == null || list.isEmpty()) {
            return false;
        }
        Path abs = config.toAbsolutePath().normalize();
        for (String entry : list.split(":")) {
            if (entry.equals("*")) {
                return true;
            }
            if (!entry.isEmpty()) {
                Path p = Path.of(entry).toAbsolutePath().normalize();
                if (p.equals(abs) || p.equals(abs.getParent())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The repo whose root config governs: the git work tree holding the file, else --root,
     * SECRETS_ROOT, or the nearest folder upward from the working folder that holds a .sops.yaml.
     */
    public static Path repoRoot(Context ctx, Path file, Path rootOption) {
        for (Path dir = file.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        return Target.repoRoot(ctx, rootOption);
    }

    /**
     * Before recipients are taken from the config governing {@code file}: when it is a nested one
     * that changes them, shows the change and asks once per config (answered on the terminal).
     */
    public static void confirmNested(Context ctx, FileOptions files, Path file) {
        NestedConfig nested = NestedConfig.check(file, repoRoot(ctx, file, files.root), files.configs());
        if (nested == null || "allow".equals(ctx.env(NESTED_ENV))) {
            return;
        }
        synchronized (ConfigGate.class) {
            if (ctx.approvedConfigs().contains(nested.config())) {
                return;
            }
            ctx.err().println("secrets: " + nested.describe());
            Console console = ctx.console();
            if (console != null) {
                String answer = console.readLine("Use %s for it? (y/n): ", nested.config());
                if (answer != null && answer.trim().equals("y")) {
                    ctx.approvedConfigs().add(nested.config());
                    return;
                }
            }
            throw new SopsException(ExitCodes.ERROR_GENERIC, nested.config() + ": a nested .sops.yaml changes the "
                    + "recipients of " + file + " from the repo's " + nested.rootConfig() + "; not used"
                    + (console == null ? " (confirm on a terminal, or set " + NESTED_ENV + "=allow)" : ""));
        }
    }
}
