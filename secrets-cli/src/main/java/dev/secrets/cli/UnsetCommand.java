package dev.secrets.cli;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Path;
import java.util.List;

/** {@code secrets unset SERVICE|FILE KEY}: removes one entry in place, with no plaintext on disk. */
final class UnsetCommand implements Verb {
    String target;
    String key;
    boolean idempotent;
    boolean ignoreMac;
    final FileOptions files = new FileOptions();

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
        List<Object> path = TreeEdits.path(key);
        Path enc = Target.resolve(target, files.root).requireEncrypted();
        SecretFile secret = SecretFile.of(enc, files);
        try (DecryptedFile opened = secret.open(ignoreMac)) {
            List<Branch> docs = opened.documents();
            try {
                TreeEdits.unset(docs.get(0), path);
            } catch (SopsException e) {
                if (idempotent) {
                    return 0;
                }
                throw Errors.withFile(enc, e);
            }
            secret.replace(opened, opened.encrypt(secret.store), docs);
        }
        return 0;
    }
}
