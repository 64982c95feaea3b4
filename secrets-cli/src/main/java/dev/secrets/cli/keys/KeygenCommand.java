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
    boolean pq;

    public KeygenCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("keygen",
                "Generate an age identity, as age-keygen writes it (X25519, or with --pq the",
                "post-quantum hybrid ML-KEM-768 + X25519 of age 1.3, as age-keygen -pq).",
                "With -o the file is created 0600 (never overwritten), missing folders 0700,",
                "and the public key goes to stderr; without, the key goes to stdout.")
                .option("-o, --output", "FILE", "write the identity to this new file", v -> output = ctx.path(v))
                .flag("--pq", "a post-quantum hybrid identity (age1pq1... recipient)", () -> pq = true);
    }

    @Override
    public Integer call() {
        AgeKeygen key = pq ? AgeKeygen.generatePq() : AgeKeygen.generate();
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
