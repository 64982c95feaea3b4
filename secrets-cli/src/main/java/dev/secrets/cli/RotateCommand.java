package dev.secrets.cli;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code secrets rotate}: a new data key for each file, every value re-encrypted, recipients from .sops.yaml. */
final class RotateCommand implements Verb {
    boolean inPlace;
    final BulkOptions bulk = new BulkOptions();

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
        RuleKeys rules = new RuleKeys(bulk.files);
        List<Path> selected = bulk.select(rules);
        List<Identity> identities = KeySources.identities();
        boolean toStdout = !bulk.all && !inPlace && selected.size() == 1 && !Target.resolve(bulk.targets.get(0), bulk.files.root).isService();
        if (toStdout) {
            Path file = selected.get(0);
            try {
                OutputOptions.writeStdout(Rotation.rotate(FileOptions.read(file), rules.forFile(file), identities));
            } catch (SopsException e) {
                throw Errors.withFile(file, e);
            }
            return 0;
        }
        BulkRun run = bulk.run();
        List<BulkRun.Outcome> outcomes = run.run(selected,
                (file, original) -> Rotation.rotate(original, rules.forFile(file), identities));
        return run.report("rotate", outcomes);
    }
}
