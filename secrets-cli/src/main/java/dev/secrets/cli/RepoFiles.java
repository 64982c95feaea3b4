package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.SopsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which files a bulk verb works on: the named files and services, or with --all every sops file of the repo. */
final class RepoFiles {
    /** Folders never searched: VCS data, build output, dependencies, and our own backups. */
    private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", Backups.DIR);

    private RepoFiles() {
    }

    static List<Path> select(List<String> args, boolean all, FileOptions options, RuleKeys rules) {
        if (all == !(args == null || args.isEmpty())) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS,
                    all ? "give files/services or --all, not both" : "name files or services, or give --all");
        }
        Set<Path> files = new LinkedHashSet<>();
        if (all) {
            Path root = Target.repoRoot(options.root);
            if (root == null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "--all: no repo root (no .sops.yaml found upward; give --root)");
            }
            files.addAll(scan(root, rules.config(root.resolve(".sops.yaml"))));
        } else {
            for (String a : args) {
                files.add(Target.resolve(a, options.root).requireEncrypted().toAbsolutePath().normalize());
            }
        }
        return new ArrayList<>(files);
    }

    /** Every file under root that a creation rule covers and that may hold sops metadata. */
    static List<Path> scan(Path root, SopsConfig config) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !leftoverTemp(file) && covered(config, file) && mentionsSops(file)) {
                        found.add(file.toAbsolutePath().normalize());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, "could not search " + root + ": "
                    + e.getClass().getSimpleName());
        }
        found.sort(null);
        return found;
    }

    /** AtomicFile's temp files (".NAME.123.tmp") left by a killed run are not files of the repo. */
    private static boolean leftoverTemp(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.endsWith(".tmp");
    }

    private static boolean covered(SopsConfig config, Path file) {
        try {
            return config.ruleFor(file) != null;
        } catch (SopsException e) {
            return false;
        }
    }

    /**
     * A cheap first test (sops metadata always holds "lastmodified"); whether the store really finds
     * metadata is decided by the parallel run, which parses the file anyway ({@link NotSopsFile}).
     */
    private static boolean mentionsSops(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("lastmodified");
        } catch (IOException e) {
            return true; // let the run report it
        }
    }

}
