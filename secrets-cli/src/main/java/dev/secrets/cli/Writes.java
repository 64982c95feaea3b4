package dev.secrets.cli;

import dev.secrets.sops.files.AtomicFile;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The CLI's file writes: the library's atomic replace, with a {@code --verbose} line before each. */
public final class Writes {
    private Writes() {
    }

    public static void atomic(Context ctx, Path target, byte[] data, boolean secret) {
        ctx.log("writing " + target + " (" + data.length + " bytes" + (secret ? ", mode rw-------" : "")
                + ") through a temp file and a rename");
        AtomicFile.write(target, data, secret);
    }

    public static void atomic(Context ctx, Path target, byte[] data, Set<PosixFilePermission> mode) {
        ctx.log("writing " + target + " (" + data.length + " bytes, mode " + PosixFilePermissions.toString(mode)
                + ") through a temp file and a rename");
        AtomicFile.write(target, data, mode);
    }
}
