package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import dev.secrets.sops.git.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Whether a git work tree has what {@code secrets init} installs: the guard hook and the sops drivers. */
public final class GitIntegration {
    /** Something missing, where, and the command that adds it. */
    public record Gap(String path, String message) {
    }

    private GitIntegration() {
    }

    /** Nothing when {@code root} is not in a git work tree (there is nothing to install). */
    public static List<Gap> gaps(Context ctx, Path root) {
        Git git = new Git(root, ctx.env());
        Path top = git.topLevel();
        if (top == null) {
            return List.of();
        }
        String fix = "run: secrets init" + (root.equals(ctx.workingDir()) ? "" : " --root " + root);
        List<Gap> gaps = new ArrayList<>();
        Path hooks = git.gitPath("hooks");
        Path hook = (hooks == null ? top.resolve(".git/hooks") : hooks).resolve("pre-commit");
        if (!PreCommitHook.runsGuard(hook) && !preCommitFrameworkRunsGuard(top)) {
            gaps.add(new Gap(display(top, hook), "no pre-commit hook runs secrets guard, so a plaintext .env can be "
                    + "committed (" + fix + ")"));
        }
        List<String> missing = GitDrivers.missing(git);
        if (!missing.isEmpty()) {
            gaps.add(new Gap("git config", "git diff and merge drivers for sops files not set ("
                    + String.join(", ", missing) + "): " + fix));
        }
        return gaps;
    }

    private static boolean preCommitFrameworkRunsGuard(Path top) {
        try {
            String config = Files.readString(top.resolve(".pre-commit-config.yaml"), StandardCharsets.UTF_8);
            return config.contains("secrets-guard") || config.contains("secrets guard");
        } catch (IOException e) {
            return false;
        }
    }

    private static String display(Path top, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(top) ? top.relativize(abs).toString() : abs.toString();
    }
}
