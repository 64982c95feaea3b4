package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.nio.file.Path;

/** Where a verb's result goes: stdout (default), back into the file, or another file; always atomically. */
public final class OutputOptions implements Syntax.Part {
    private final Context ctx;
    public boolean inPlace;
    public Path output;

    public OutputOptions(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void declareIn(Syntax syntax) {
        syntax.flag("-i, --in-place", "write the result back into the file", () -> inPlace = true)
                .option("--output", "FILE", "write the result to this file", v -> output = ctx.path(v));
    }

    public void check() {
        if (inPlace && output != null) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS,
                    "Error: cannot operate on both --output and --in-place");
        }
    }

    /** Writes the result; {@code secret} output files are created 0600. */
    public void write(Path input, byte[] data, boolean secret) {
        if (inPlace) {
            Writes.atomic(ctx, input, data, secret);
        } else if (output != null) {
            Writes.atomic(ctx, output, data, secret);
        } else {
            ctx.writeStdout(data);
        }
    }
}
