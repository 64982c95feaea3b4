package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigResolver;
import dev.secrets.sops.git.CommitGuard;
import dev.secrets.sops.git.Git;
import dev.secrets.sops.git.GuardFinding;
import dev.secrets.sops.git.StagedFile;
import dev.secrets.sops.git.StagedFiles;
import java.nio.file.Path;
import java.util.List;

/** {@code secrets guard}: the pre-commit check of the staged files ({@link CommitGuard}), one JVM for them all. */
public final class GuardCommand extends ContextVerb {

    public GuardCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("guard",
                "Check the files staged for a commit (git's index, not the work tree); the pre-commit",
                "hook of `secrets init` runs it. One line per file it refuses or warns about:",
                "REFUSED plaintext where a .sops.yaml rule or the file's name says encrypted",
                "        (.env.enc, X.yaml.enc, X.enc.yaml, secrets.yaml ...); a plaintext .env beside",
                "        a compose file or .env.enc; a sops file that does not parse, has no MAC, or",
                "        whose MAC does not verify",
                "WARNING a sops file whose recipients differ from its .sops.yaml rule",
                "MACs are verified when a key opens the file; without one they are not, and the",
                "commit is not refused for it (committing needs no key).",
                "Exit 1 when a file is refused, else 0.");
    }

    @Override
    public Integer call() {
        Git git = new Git(ctx.workingDir(), ctx.env());
        Path top = git.topLevel();
        if (top == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "guard: " + ctx.workingDir() + " is not in a git work tree");
        }
        CommitGuard guard = new CommitGuard(top, new ConfigResolver(null, ctx.env("SOPS_CONFIG"), top), ctx.identities());
        List<StagedFile> staged = StagedFiles.read(git, CommitGuard.MAX_SIZE, guard::wantsContent);
        ctx.log("guard: " + staged.size() + " staged file(s) read from the index of " + top);
        CommitGuard.Report report = guard.check(staged);
        for (GuardFinding f : report.findings()) {
            ctx.err().println("secrets guard: " + f);
        }
        if (report.sopsFiles() > 0) {
            StringBuilder line = new StringBuilder("secrets guard: " + report.sopsFiles() + " sops file(s) staged");
            if (report.verified() > 0) {
                line.append(", MAC verified for ").append(report.verified());
            }
            if (report.unverified() > 0) {
                line.append(", MAC not verified for ").append(report.unverified())
                        .append(" (no key opens them here; committing needs none)");
            }
            ctx.err().println(line);
        }
        if (report.refused()) {
            long n = report.findings().stream().filter(GuardFinding::refuses).count();
            ctx.err().println("secrets guard: commit refused: " + n + " file(s) above; fix them, or unstage them "
                    + "(git restore --staged FILE)");
            return 1;
        }
        return 0;
    }
}
