package dev.secrets.cli.files;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.Syntax;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code secrets filestatus FILE}: sops' JSON answer, encrypted when metadata with a version and a MAC is present. */
public final class FileStatusCommand extends ContextVerb {
    Path file;
    final FileOptions files = new FileOptions(ctx);

    public FileStatusCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("filestatus",
                "Tell whether a file is encrypted (JSON).")
                .parameter("FILE", "a sops file", v -> file = ctx.path(v))
                .with(files);
    }

    @Override
    public Integer call() {
        byte[] input = AtomicFile.read(file);
        Store store = files.store(files.inputFormat(file), null);
        boolean encrypted;
        try {
            Branch md = store.loadEncrypted(input).metadata();
            encrypted = md != null && md.get("version") != null && !md.get("version").toString().isEmpty()
                    && md.get("mac") != null && !md.get("mac").toString().isEmpty();
        } catch (SopsException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "cannot check file status: cannot load encrypted file: "
                    + e.getMessage());
        }
        ctx.writeStdout(("{\"encrypted\":" + encrypted + "}\n").getBytes(StandardCharsets.UTF_8));
        return 0;
    }
}
