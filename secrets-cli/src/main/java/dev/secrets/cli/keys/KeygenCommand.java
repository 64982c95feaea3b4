package dev.secrets.cli.keys;

import dev.secrets.age.AgeKeyFileWriter;
import dev.secrets.age.AgeKeygen;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
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
                "With -o the file is created 0600 (never overwritten), missing folders 0700,",
                "and the public key goes to stderr; without, the key goes to stdout.")
                .option("-o, --output", "FILE", "write the identity to this new file", v -> output = ctx.path(v));
    }

    @Override
    public Integer call() {
        AgeKeygen key = AgeKeygen.generate();
        if (output == null) {
            byte[] text = key.render().getBytes(StandardCharsets.UTF_8);
            try {
                ctx.writeStdout(text);
            } finally {
                java.util.Arrays.fill(text, (byte) 0); // the secret key
            }
            return 0;
        }
        AgeKeyFileWriter.create(output, key);
        ctx.err().println("Public key: " + key.publicKey());
        return 0;
    }
}
