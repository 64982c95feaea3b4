package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Main;
import dev.secrets.cli.Syntax;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.merge.Conflict;
import dev.secrets.sops.merge.EncryptedMerge;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import java.nio.file.Path;

/**
 * {@code secrets git merge %O %A %B %P}: git's merge driver for encrypted files. The three versions
 * are decrypted (MACs verified) and merged key by key; the result is written over %A under ours'
 * data key and recipients, unchanged values keeping their ciphertext. A key changed differently on
 * both sides is a conflict: %A is left as it was, the key names (never values) go to stderr, exit 1.
 */
public final class GitMergeCommand extends ContextVerb {
    private String base;
    private String ours;
    private String theirs;
    private String path;

    public GitMergeCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("git merge",
                "git merge driver for sops files (set up by secrets init):",
                "  git config merge.sops.driver 'secrets git merge %O %A %B %P'",
                "  .gitattributes: *.enc merge=sops")
                .parameter("BASE", "the common ancestor's version (%O)", v -> base = v)
                .parameter("OURS", "our version, replaced by the result (%A)", v -> ours = v)
                .parameter("THEIRS", "their version (%B)", v -> theirs = v)
                .optionalParameter("PATH", "the file's path in the repo (%P), for its format", v -> path = v);
    }

    @Override
    public Integer call() {
        Path oursFile = ctx.path(ours);
        // git's temp files have no extension: the format comes from the repo path (%P)
        Format format = Format.ofPath(path != null ? path : ours);
        EncryptedMerge.Result result;
        try {
            result = new EncryptedMerge(Stores.of(format), ctx.identities()).merge(AtomicFile.read(ctx.path(base)),
                    AtomicFile.read(oursFile), AtomicFile.read(ctx.path(theirs)));
        } catch (SopsException e) {
            throw e.withFile(Path.of(path != null ? path : ours));
        }
        String name = path != null ? path : ours;
        result.notes().forEach(n -> ctx.err().println("secrets: " + name + ": " + Main.oneLine(n)));
        if (!result.isClean()) {
            for (Conflict c : result.conflicts()) {
                ctx.err().println("secrets: " + name + ": conflict: " + Main.oneLine(c.toString()));
            }
            ctx.err().println("secrets: " + name + ": not merged; ours is left as it was: resolve with `secrets edit`");
            return 1;
        }
        AtomicFile.write(oursFile, result.merged(), false);
        return 0;
    }
}
