package dev.secrets.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the bulk verbs (rotate, updatekeys) share: the files to work on, --all, and the backup switch. */
final class BulkOptions {
    @Parameters(arity = "0..*", paramLabel = "FILE|SERVICE")
    List<String> targets;

    @Option(names = "--all", description = "every sops file under the repo root covered by a .sops.yaml rule")
    boolean all;

    @Option(names = "--no-backup", description = "do not keep copies of the replaced files")
    boolean noBackup;

    @Mixin
    FileOptions files;

    /** The files named, or every covered sops file with --all. */
    List<Path> select(RuleKeys rules) {
        return RepoFiles.select(targets, all, files, rules);
    }

    /** A parallel run that backs up every file it replaces unless --no-backup. */
    BulkRun run() {
        return new BulkRun(noBackup ? null : new Backups(Target.repoRoot(files.root))).skippingNonSopsFiles(all);
    }
}
