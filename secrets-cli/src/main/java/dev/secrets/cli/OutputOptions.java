package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.nio.file.Path;

/** Where a verb's result goes: stdout (default), back into the file, or another file; always atomically. */
final class OutputOptions implements Syntax.Part {
    boolean inPlace;
    Path output;

    @Override
    public void declareIn(Syntax syntax) {
        syntax.flag("-i, --in-place", "write the result back into the file", () -> inPlace = true)
                .option("--output", "FILE", "write the result to this file", v -> output = Path.of(v));
    }

    void check() {
        if (inPlace && output != null) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS,
                    "Error: cannot operate on both --output and --in-place");
        }
    }

    /** Writes to stdout; a full disk or a closed pipe is an error (PrintStream alone would hide it). */
    static void writeStdout(byte[] data) {
        System.out.write(data, 0, data.length);
        System.out.flush();
        if (System.out.checkError()) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not write to stdout");
        }
    }

    /** Writes the result; {@code secret} output files are created 0600. */
    void write(Path input, byte[] data, boolean secret) {
        if (inPlace) {
            AtomicFile.write(input, data, secret);
        } else if (output != null) {
            AtomicFile.write(output, data, secret);
        } else {
            writeStdout(data);
        }
    }
}
