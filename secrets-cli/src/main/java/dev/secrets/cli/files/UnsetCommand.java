package dev.secrets.cli.files;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.tree.TreePath;
import java.nio.file.Path;

/** {@code secrets unset SERVICE|FILE KEY}: removes one entry in place, with no plaintext on disk. */
public final class UnsetCommand extends ContextVerb {
    String target;
    String key;
    boolean idempotent;
    boolean ignoreMac;
    final FileOptions files = new FileOptions(ctx);

    public UnsetCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("unset",
                "Remove one entry (a key or a sops path like '[\"a\"][0]') from an encrypted file, in place.")
                .parameter("FILE|SERVICE", "an encrypted file, or a service folder or name", v -> target = v)
                .parameter("KEY", "a key or a sops path", v -> key = v)
                .flag("--idempotent", "succeed without writing when the key is absent", () -> idempotent = true)
                .flag("--ignore-mac", "open even if the MAC does not verify", () -> ignoreMac = true)
                .with(files);
    }

    @Override
    public Integer call() {
        TreePath path = TreePath.keyOrPath(key);
        Path enc = Target.resolve(ctx, target, files.root).requireEncrypted();
        ctx.audit().record("unset", enc, key);
        SecretFile secret = SecretFile.of(ctx, enc, files);
        try (SopsFile opened = secret.open(ignoreMac)) {
            try {
                path.unset(opened.documents().get(0));
            } catch (SopsException e) {
                if (idempotent) {
                    return 0;
                }
                throw e.withFile(enc);
            }
            secret.save(opened);
        }
        return 0;
    }
}
