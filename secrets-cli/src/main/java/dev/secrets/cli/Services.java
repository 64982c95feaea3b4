package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.RepoWalk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The services of a repo: folders under the root holding {@code .env.enc}, named by their path from the root. */
public final class Services {
    /** A service folder and its name ({@code caddy}, or {@code stacks/caddy} for nested ones). */
    public record Service(String name, Path dir) {
        public Path encrypted() {
            return dir.resolve(Target.ENCRYPTED_ENV);
        }

        public Path plainEnv() {
            return dir.resolve(Target.PLAIN_ENV);
        }
    }

    private Services() {
    }

    /** The repo root for bulk verbs; without one there is nothing to scan. */
    public static Path requireRoot(Context ctx, Path rootOption) {
        Path root = Target.repoRoot(ctx, rootOption);
        if (root == null) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, "no repo root: no .sops.yaml found upward from here "
                    + "(use --root or SECRETS_ROOT)");
        }
        return root.toAbsolutePath().normalize();
    }

    /** Every service under the root, sorted by name. */
    public static List<Service> all(Path root) {
        List<Service> found = new ArrayList<>();
        RepoWalk.walk(root, dir -> {
            if (Files.isRegularFile(dir.resolve(Target.ENCRYPTED_ENV))) {
                found.add(new Service(name(root, dir), dir));
            }
        }, (file, attrs) -> { });
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    /** The services named on the command line (resolved as every service verb does), or all of them. */
    public static List<Service> selected(Context ctx, Path root, List<String> names) {
        if (names == null || names.isEmpty()) {
            return all(root);
        }
        List<Service> out = new ArrayList<>();
        for (String n : names) {
            Target t = Target.resolve(ctx, n, root);
            if (!t.isService()) {
                throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, n + ": not a service folder");
            }
            t.requireEncrypted();
            Path dir = t.serviceDir().toAbsolutePath().normalize();
            out.add(new Service(name(root, dir), dir));
        }
        return out;
    }

    public static String name(Path root, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.equals(root)) {
            return ".";
        }
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    /** A path for messages: relative to the root when below it. */
    public static String display(Path root, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
