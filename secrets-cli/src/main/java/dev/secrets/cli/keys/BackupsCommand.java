package dev.secrets.cli.keys;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Services;
import dev.secrets.cli.Syntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code secrets backups}: the runs kept under .secrets-backup/, oldest first, with their file counts. */
public final class BackupsCommand extends ContextVerb {
    Path root;

    public BackupsCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("backups",
                "List the backups that rotate/updatekeys/restore kept (restore one with: secrets restore TIMESTAMP).")
                .option("--root", "DIR", "repo root (default: SECRETS_ROOT, or the nearest folder upward holding .sops.yaml)", v -> root = ctx.path(v));
    }

    @Override
    public Integer call() throws IOException {
        Path dir = backupDir(ctx, root);
        if (!Files.isDirectory(dir)) {
            ctx.err().println("no backups in " + dir);
            return 0;
        }
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path run : runs.filter(Files::isDirectory).sorted().toList()) {
                ctx.out().println(run.getFileName() + "\t" + files(run).size() + " files");
            }
        }
        return 0;
    }

    static Path backupDir(Context ctx, Path root) {
        return Services.requireRoot(ctx, root).resolve(Backups.DIR);
    }

    /** Every file a run kept, as paths relative to the run's folder. */
    static List<Path> files(Path run) throws IOException {
        try (Stream<Path> all = Files.walk(run)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                    .map(run::relativize).sorted().toList();
        }
    }
}
