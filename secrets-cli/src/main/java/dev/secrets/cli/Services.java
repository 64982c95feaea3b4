package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The services of a repo: folders under the root holding {@code .env.enc}, named by their path from the root. */
final class Services {
    /** Folders never searched: VCS data, build output, dependencies, our own backups. */
    static final Set<String> SKIPPED = Set.of(".git", "target", "build", "node_modules", ".secrets-backup");

    /** A service folder and its name ({@code caddy}, or {@code stacks/caddy} for nested ones). */
    record Service(String name, Path dir) {
        Path encrypted() {
            return dir.resolve(Target.ENCRYPTED_ENV);
        }

        Path plainEnv() {
            return dir.resolve(Target.PLAIN_ENV);
        }
    }

    private Services() {
    }

    /** The repo root for bulk verbs; without one there is nothing to scan. */
    static Path requireRoot(Path rootOption) {
        Path root = Target.repoRoot(rootOption);
        if (root == null) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, "no repo root: no .sops.yaml found upward from here "
                    + "(use --root or SECRETS_ROOT)");
        }
        return root.toAbsolutePath().normalize();
    }

    /** Every service under the root, sorted by name. */
    static List<Service> all(Path root) {
        List<Service> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (Files.isRegularFile(dir.resolve(Target.ENCRYPTED_ENV))) {
                        found.add(new Service(name(root, dir), dir));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    /** The services named on the command line (resolved as every service verb does), or all of them. */
    static List<Service> selected(Path root, List<String> names) {
        if (names == null || names.isEmpty()) {
            return all(root);
        }
        List<Service> out = new ArrayList<>();
        for (String n : names) {
            Target t = Target.resolve(n, root);
            if (!t.isService()) {
                throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, n + ": not a service folder");
            }
            t.requireEncrypted();
            Path dir = t.serviceDir().toAbsolutePath().normalize();
            out.add(new Service(name(root, dir), dir));
        }
        return out;
    }

    static String name(Path root, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.equals(root)) {
            return ".";
        }
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    /** A path for messages: relative to the root when below it. */
    static String display(Path root, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
