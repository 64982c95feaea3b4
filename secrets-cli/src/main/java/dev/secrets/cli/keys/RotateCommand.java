package dev.secrets.cli.keys;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.sops.KeyRotation;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code secrets rotate}: a new data key for each file, every value re-encrypted, recipients from .sops.yaml. */
public final class RotateCommand extends ContextVerb {
    boolean inPlace;
    final BulkOptions bulk = new BulkOptions(ctx);

    public RotateCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("rotate",
                "Give files a new data key and re-encrypt every value (sops rotate), for the",
                "recipients of their .sops.yaml rule. One FILE without -i is printed to stdout, as sops does;",
                "services, several files, -i and --all are rewritten in place (atomically, in parallel),",
                "each changed file first copied to .secrets-backup/<timestamp>/.")
                .flag("-i, --in-place", "write the result back into the file", () -> inPlace = true)
                .with(bulk);
    }

    @Override
    public Integer call() throws IOException {
        List<Path> selected = bulk.select();
        List<Identity> identities = ctx.identities();
        boolean toStdout = !bulk.all && !inPlace && selected.size() == 1 && !Target.resolve(ctx, bulk.targets.get(0), bulk.files.root).isService();
        if (toStdout) {
            Path file = selected.get(0);
            ctx.audit().record("rotate", file);
            try {
                BulkOptions.Planned plan = bulk.forFile(file);
                ctx.writeStdout(KeyRotation.rotate(AtomicFile.read(file), plan.store(), plan.rule(), identities));
            } catch (SopsException e) {
                throw e.withFile(file);
            }
            return 0;
        }
        BulkRun run = bulk.run();
        List<BulkRun.Outcome> outcomes = run.run(selected,
                (file, original) -> {
                    BulkOptions.Planned plan = bulk.forFile(file);
                    return KeyRotation.rotate(original, plan.store(), plan.rule(), identities);
                });
        return run.report("rotate", outcomes);
    }
}
