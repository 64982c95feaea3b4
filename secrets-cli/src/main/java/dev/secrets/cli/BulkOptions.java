package dev.secrets.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the bulk verbs (rotate, updatekeys) share: the files to work on, --all, and the backup switch. */
final class BulkOptions implements Syntax.Part {
    final List<String> targets = new ArrayList<>();
    boolean all;
    boolean noBackup;
    final FileOptions files = new FileOptions();

    @Override
    public void declareIn(Syntax syntax) {
        syntax.parameters("FILE|SERVICE", "files, or service folders or names", 0, targets::add)
                .flag("--all", "every sops file under the repo root covered by a .sops.yaml rule", () -> all = true)
                .flag("--no-backup", "do not keep copies of the replaced files", () -> noBackup = true)
                .with(files);
    }

    /** The files named, or every covered sops file with --all. */
    List<Path> select(RuleKeys rules) {
        return RepoFiles.select(targets, all, files, rules);
    }

    /** A parallel run that backs up every file it replaces unless --no-backup. */
    BulkRun run() {
        return new BulkRun(noBackup ? null : new Backups(Target.repoRoot(files.root))).skippingNonSopsFiles(all);
    }
}
