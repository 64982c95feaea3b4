package dev.secrets.cli.keys;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code secrets restore TIMESTAMP}: puts back, byte for byte, every file a run kept. The files it
 * replaces are backed up first (unless --no-backup), so a restore can itself be undone.
 */
public final class RestoreCommand extends ContextVerb {
    String timestamp;
    Path root;
    boolean noBackup;

    public RestoreCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("restore",
                "Restore the files kept in .secrets-backup/TIMESTAMP/ (see: secrets backups).")
                .parameter("TIMESTAMP", "a run listed by secrets backups", v -> timestamp = v)
                .option("--root", "DIR", "repo root (default: SECRETS_ROOT, or the nearest folder upward holding .sops.yaml)", v -> root = ctx.path(v))
                .flag("--no-backup", "do not back up the files being replaced", () -> noBackup = true);
    }

    @Override
    public Integer call() throws IOException {
        // absolute and normalized, so a relative --root or SECRETS_ROOT compares and relativizes cleanly
        Path backups = BackupsCommand.backupDir(ctx, root).toAbsolutePath().normalize();
        Path run = backups.resolve(timestamp).normalize();
        if (timestamp.contains("/") || !run.startsWith(backups) || run.equals(backups) || !Files.isDirectory(run)) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, timestamp + ": no such backup in " + backups);
        }
        Path repo = backups.getParent();
        List<Path> targets = new ArrayList<>();
        for (Path rel : BackupsCommand.files(run)) {
            targets.add(repo.resolve(rel).toAbsolutePath().normalize());
        }
        BulkRun bulk = new BulkRun(ctx, noBackup ? null : new Backups(repo));
        List<BulkRun.Outcome> outcomes = bulk.run(targets, (file, current) ->
                AtomicFile.read(run.resolve(repo.relativize(file))));
        // A file deleted since the backup cannot be read as "current": write it back directly.
        List<BulkRun.Outcome> fixed = new ArrayList<>();
        for (BulkRun.Outcome o : outcomes) {
            if (o.status() == BulkRun.Status.FAILED && !Files.exists(o.file())) {
                Writes.atomic(ctx, o.file(), AtomicFile.read(run.resolve(repo.relativize(o.file()))), false);
                o = new BulkRun.Outcome(o.file(), BulkRun.Status.CHANGED, null);
            }
            fixed.add(o);
        }
        return bulk.report("restore", fixed);
    }
}
