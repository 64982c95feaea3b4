package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The CLI's file writes: the library's atomic replace, with a {@code --verbose} line before each.
 * Plaintext (owner-only content) is never written through a symbolic link: the link could send it
 * anywhere, and removing "our" file afterwards would remove only the link.
 */
public final class Writes {
    private Writes() {
    }

    /** A symbolic link where plaintext would go is an error (exit 3), dangling or not. */
    public static void refuseLink(Path target) {
        if (Files.isSymbolicLink(target)) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, target
                    + " is a symbolic link: plaintext is never written through a link (remove it, or name the file it points to)");
        }
    }

    public static void atomic(Context ctx, Path target, byte[] data, boolean secret) {
        if (secret) {
            refuseLink(target);
        }
        ctx.log("writing " + target + " (" + data.length + " bytes" + (secret ? ", mode rw-------" : "")
                + ") through a temp file and a rename");
        AtomicFile.write(target, data, secret);
    }

    public static void atomic(Context ctx, Path target, byte[] data, Set<PosixFilePermission> mode) {
        if (mode.equals(AtomicFile.OWNER_ONLY)) {
            refuseLink(target);
        }
        ctx.log("writing " + target + " (" + data.length + " bytes, mode " + PosixFilePermissions.toString(mode)
                + ") through a temp file and a rename");
        AtomicFile.write(target, data, mode);
    }
}
