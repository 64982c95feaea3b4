package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.git.DiffText;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code secrets git textconv FILE}: git's diff driver for sops files ({@code diff.sops.textconv}).
 * git names the file after the one it shows ({@code XXXXXX_.env.enc} for a blob), so the format
 * comes from the name as for every other verb.
 */
public final class GitTextconvCommand extends ContextVerb {
    Path file;

    public GitTextconvCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("git textconv",
                "Print a sops file decrypted, for git diff (git config diff.sops.textconv).",
                "Without a key that opens it (or when its MAC does not verify): its keys, each",
                "encrypted value shown as <encrypted>, under one comment line saying why; exit 0 either way.",
                "A file that is not sops-encrypted is printed as it is.")
                .parameter("FILE", "the file git hands over", v -> file = ctx.path(v));
    }

    @Override
    public Integer call() {
        byte[] bytes = AtomicFile.read(file);
        DiffText.View view = DiffText.of(bytes, Stores.of(Format.ofPath(file.getFileName().toString())), ctx.identities());
        ctx.log(file + (view.decrypted() ? ": decrypted, MAC verified" : ": not decrypted"));
        try {
            ctx.writeStdout(view.text());
        } finally {
            if (view.decrypted()) {
                Arrays.fill(view.text(), (byte) 0);
            }
        }
        return 0;
    }
}
