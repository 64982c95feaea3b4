package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code secrets backups}: the runs kept under .secrets-backup/, oldest first, with their file counts. */
final class BackupsCommand implements Verb {
    Path root;

    @Override
    public Syntax syntax() {
        return new Syntax("backups",
                "List the backups that rotate/updatekeys/restore kept (restore one with: secrets restore TIMESTAMP).")
                .option("--root", "DIR", "repo root (default: SECRETS_ROOT, or the nearest folder upward holding .sops.yaml)", v -> root = Path.of(v));
    }

    @Override
    public Integer call() throws IOException {
        Path dir = backupDir(root);
        if (!Files.isDirectory(dir)) {
            System.err.println("no backups in " + dir);
            return 0;
        }
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path run : runs.filter(Files::isDirectory).sorted().toList()) {
                System.out.println(run.getFileName() + "\t" + files(run).size() + " files");
            }
        }
        return 0;
    }

    static Path backupDir(Path root) {
        Path repo = Target.repoRoot(root);
        if (repo == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "no repo root (no .sops.yaml found upward; give --root)");
        }
        return repo.resolve(Backups.DIR);
    }

    /** Every file a run kept, as paths relative to the run's folder. */
    static List<Path> files(Path run) throws IOException {
        try (Stream<Path> all = Files.walk(run)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                    .map(run::relativize).sorted().toList();
        }
    }
}
