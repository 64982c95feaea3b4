package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a repo's secret scopes live. Each is a plain dotenv sops file with its own {@code .sops.yaml}
 * rule: the shared scope {@code ROOT/_shared/.env.enc} (values many services use), a service's
 * {@code SERVICE/.env.enc}, and its per-environment overlays {@code SERVICE/ENV.env.enc} (read as dotenv by name, as {@code X.enc} is read as {@code X}; chosen by
 * {@code --env ENV} or {@code SECRETS_ENV}). Precedence when merged: shared &lt; service &lt; environment.
 */
public final class Scopes {
    /** The shared scope's folder under the repo root; the underscore keeps it apart from service names. */
    public static final String SHARED_DIR = "_shared";
    /** At the repo root while a renew is not complete: services may hold different values. */
    public static final String RENEW_JOURNAL = ".secrets-renew.journal";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern OVERLAY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]{0,63})\\.env\\.enc");

    public enum Scope {
        SHARED, SERVICE, ENVIRONMENT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Scopes() {
    }

    public static Path sharedFile(Path root) {
        return root.resolve(SHARED_DIR).resolve(Target.ENCRYPTED_ENV);
    }

    /** Whether a service folder is the shared scope's. */
    public static boolean isShared(Path root, Path dir) {
        return dir.toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize().resolve(SHARED_DIR));
    }

    /** A checked environment name (it becomes part of a file name). */
    public static String environment(String name) {
        if (name == null || !ENV_NAME.matcher(name).matches()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "invalid environment name '" + name
                    + "': letters, digits, '_' and '-' only");
        }
        return name;
    }

    /** --env, else SECRETS_ENV, else null (no overlay). */
    public static String environment(Context ctx, String option) {
        String env = option != null ? option : ctx.env("SECRETS_ENV");
        return env == null || env.isEmpty() ? null : environment(env);
    }

    public static Path overlay(Path serviceDir, String env) {
        return serviceDir.resolve(environment(env) + ".env.enc");
    }

    /** The environment an overlay file is for, or null when the name is not an overlay's. */
    public static String environmentOf(Path file) {
        Matcher m = OVERLAY.matcher(file.getFileName().toString());
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Whether a path under the root names an encrypted scope file by its name: a {@code .env.enc}
     * (a service's, or the shared scope's) or a service's overlay {@code ENV.env.enc} (the shared
     * scope has none).
     */
    public static boolean isScopeFile(Path root, Path file) {
        String name = file.getFileName().toString();
        if (name.equals(Target.ENCRYPTED_ENV)) {
            return true;
        }
        return environmentOf(file) != null && file.getParent() != null && !isShared(root, file.getParent());
    }

    /** A service folder's overlay files, sorted by name. */
    public static List<Path> overlays(Path serviceDir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(serviceDir)) {
            s.filter(p -> environmentOf(p) != null && Files.isRegularFile(p)).sorted().forEach(out::add);
        } catch (IOException e) {
            // an unreadable folder has no overlays we can use; opening its .env.enc reports it
        }
        return out;
    }
}
