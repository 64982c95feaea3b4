package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.SopsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which files a bulk verb works on: the named files and services, or with --all every sops file of the repo. */
final class RepoFiles {
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

    /**
     * Every sops file under root (found as validate finds them) that a creation rule covers; a
     * file that turns out to hold no metadata is skipped by the run ({@link NotSopsFile}).
     */
    static List<Path> scan(Path root, SopsConfig config) {
        return SopsFiles.under(root).stream().filter(f -> !leftoverTemp(f) && covered(config, f))
                .map(f -> f.toAbsolutePath().normalize()).toList();
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

}
