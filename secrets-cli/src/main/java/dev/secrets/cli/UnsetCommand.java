package dev.secrets.cli;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code secrets unset SERVICE|FILE KEY}: removes one entry in place, with no plaintext on disk. */
@Command(name = "unset", mixinStandardHelpOptions = true,
        description = "Remove one entry (a key or a sops path like '[\"a\"][0]') from an encrypted file, in place.")
final class UnsetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|SERVICE")
    String target;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Option(names = "--idempotent", description = "succeed without writing when the key is absent")
    boolean idempotent;

    @Option(names = "--ignore-mac", description = "open even if the MAC does not verify")
    boolean ignoreMac;

    @Mixin
    FileOptions files;

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
