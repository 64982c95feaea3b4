package dev.secrets.cli.keys;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.GroupDiff;
import dev.secrets.sops.KeyUpdate;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code secrets updatekeys}: each file's recipients made to match its .sops.yaml rule, keeping the
 * data key, every ciphertext, the MAC and lastmodified (sops updatekeys).
 */
public final class UpdateKeysCommand extends ContextVerb {
    boolean yes;
    final BulkOptions bulk = new BulkOptions(ctx);

    public UpdateKeysCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("updatekeys",
                "Make files' recipients match their .sops.yaml rule (adds and removes keys and groups),",
                "keeping the data key and every value. Shows the changes and asks unless -y.",
                "Files are rewritten in place, atomically, in parallel, each first copied to .secrets-backup/<timestamp>/.")
                .flag("-y, --yes", "do not ask for confirmation", () -> yes = true)
                .with(bulk);
    }

    @Override
    public Integer call() throws IOException {
        List<Path> selected = bulk.select();
        if (!yes && !confirm(selected)) {
            return 0;
        }
        List<Identity> identities = ctx.identities();
        BulkRun run = bulk.run();
        List<BulkRun.Outcome> outcomes = run.run(selected, (file, original) -> {
            // planned again: the file may have changed since the diff was shown
            KeyUpdate update = plan(original, file);
            return update.changes() ? update.apply(identities) : null;
        });
        if (selected.size() == 1 && outcomes.get(0).status() == BulkRun.Status.UNCHANGED) {
            ctx.err().println("File " + selected.get(0) + " already up to date");
        }
        return run.report("updatekeys", outcomes);
    }

    private KeyUpdate plan(byte[] encrypted, Path file) {
        BulkOptions.Planned plan = bulk.forFile(file);
        return KeyUpdate.plan(encrypted, plan.store(), plan.rule().keyGroups());
    }

    /**
     * Shows every file's changes and asks once (sops asks per file; one question covers a bulk run).
     * Files that cannot be read are left to the run, which reports them.
     */
    private boolean confirm(List<Path> selected) throws IOException {
        List<String> changing = new ArrayList<>();
        for (Path file : selected) {
            try {
                KeyUpdate update = plan(AtomicFile.read(file), file);
                if (update.changes()) {
                    changing.add(file.toString());
                    ctx.out().println("The following changes will be made to the file's groups (" + file + "):");
                    ctx.out().print(GroupDiff.render(update.diffs()));
                }
            } catch (SopsException e) {
                // reported by the run
            }
        }
        if (changing.isEmpty()) {
            return true;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
        String answer = "";
        while (!answer.equals("y") && !answer.equals("n")) {
            ctx.out().print("Is this okay? (y/n):");
            ctx.out().flush();
            String line = in.readLine();
            if (line == null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "no answer on stdin: nothing changed (use -y to skip the question)");
            }
            answer = line.trim();
        }
        if (answer.equals("n")) {
            changing.forEach(f -> ctx.err().println("File " + f + " left unchanged"));
            return false;
        }
        return true;
    }
}
