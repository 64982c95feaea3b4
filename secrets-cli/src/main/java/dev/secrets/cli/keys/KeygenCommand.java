package dev.secrets.cli.keys;

import dev.secrets.age.AgeKeygen;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Verb;
import dev.secrets.sops.files.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code secrets keygen [-o FILE]}: a new age identity in age-keygen's exact format. */
public final class KeygenCommand extends ContextVerb {
    Path output;

    public KeygenCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("keygen",
                "Generate an age X25519 identity, as age-keygen writes it.",
                "With -o the file is created 0600 (never overwritten) and the public key goes to stderr;",
                "without, the key goes to stdout.")
                .option("-o, --output", "FILE", "write the identity to this new file", v -> output = ctx.path(v));
    }

    @Override
    public Integer call() throws IOException {
        AgeKeygen key = AgeKeygen.generate();
        byte[] text = key.render().getBytes(StandardCharsets.UTF_8);
        if (output == null) {
            ctx.writeStdout(text);
            return 0;
        }
        try {
            AtomicFile.createExclusive(output, text);
        } finally {
            java.util.Arrays.fill(text, (byte) 0); // the secret key
        }
        ctx.err().println("Public key: " + key.publicKey());
        return 0;
    }
}
