package dev.secrets.cli;

import dev.secrets.sops.SopsException;
import java.nio.file.Path;

/** One-line errors that name the file. */
final class Errors {
    private Errors() {
    }

    static SopsException withFile(Path file, SopsException e) {
        String prefix = file + ": ";
        if (e.getMessage() != null && e.getMessage().startsWith(prefix)) {
            return e;
        }
        return new SopsException(e.exitCode(), prefix + e.getMessage(), e);
    }
}
