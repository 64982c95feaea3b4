package dev.secrets.cli.keys;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.UnsupportedKeyOptions;
import dev.secrets.cli.NoKeyDiagnosis;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.KeyRotation;
import dev.secrets.sops.NotSopsFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code secrets rotate}: a new data key for each file, every value re-encrypted, recipients from .sops.yaml. */
public final class RotateCommand extends ContextVerb {
    boolean inPlace;
    Path output;
    final BulkOptions bulk = new BulkOptions(ctx);
    final KeyChanges keyChanges = new KeyChanges();

    public RotateCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("rotate",
                "Give files a new data key and re-encrypt every value (sops rotate), for the",
                "recipients of their .sops.yaml rule. One FILE without -i is printed to stdout, as sops does;",
                "services, several files, -i and --all are rewritten in place (atomically, in parallel),",
                "each changed file first copied to .secrets-backup/<timestamp>/.",
                "With --add-age/--rm-age/--rm-pgp the file's own key groups are kept and changed (as sops rotate),",
                "and .sops.yaml is not read.")
                .flag("-i, --in-place", "write the result back into the file", () -> inPlace = true)
                .option("--output", "FILE", "one FILE: write the result to this file", v -> output = ctx.path(v))
                .with(keyChanges)
                .with(new UnsupportedKeyOptions("add-", false))
                .with(new UnsupportedKeyOptions("rm-", false))
                .with(bulk);
    }

    @Override
    public Integer call() throws IOException {
        if (inPlace && output != null) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "Error: cannot operate on both --output and --in-place");
        }
        List<Path> selected = bulk.select();
        List<Identity> identities = ctx.identities();
        boolean oneFile = !bulk.all && selected.size() == 1
                && !Target.resolve(ctx, bulk.targets.get(0), bulk.files.root).isService();
        if (output != null && !oneFile) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "--output takes one FILE");
        }
        if (oneFile && !inPlace) {
            Path file = selected.get(0);
            ctx.audit().record("rotate", file);
            try {
                byte[] rotated = rotate(file, AtomicFile.read(file), identities);
                if (output != null) {
                    Writes.atomic(ctx, output, rotated, false);
                } else {
                    ctx.writeStdout(rotated);
                }
            } catch (SopsException e) {
                throw NoKeyDiagnosis.attach(ctx, e.withFile(file), file, bulk.files);
            }
            return 0;
        }
        BulkRun run = bulk.run();
        List<BulkRun.Outcome> outcomes = run.run(selected, (file, original) -> rotate(file, original, identities));
        return run.report("rotate", outcomes);
    }

    /** The .sops.yaml rule's recipients, or with --add-age/--rm-age the file's own groups changed. */
    private byte[] rotate(Path file, byte[] original, List<Identity> identities) {
        if (keyChanges.any()) {
            Store store = bulk.files.storeFor(bulk.files.inputFormat(file), file);
            Metadata md = Sops.metadata(original, store);
            if (md == null) {
                throw new NotSopsFile();
            }
            return KeyRotation.rotate(original, store, keyChanges.apply(md), identities);
        }
        BulkOptions.Planned plan = bulk.forFile(file);
        return KeyRotation.rotate(original, plan.store(), plan.rule(), identities);
    }
}
