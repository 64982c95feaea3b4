package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file all at once or not at all: a temp file in the same folder (created 0600), written,
 * fsynced, given the final mode, renamed over the target, and the folder fsynced. A crash leaves the
 * old file or the new one, never a mix.
 */
public final class AtomicFile {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFile() {
    }

    /** Writes keeping the target's mode when it exists, else 0644 (0600 for {@code secret} content). */
    public static void write(Path target, byte[] data, boolean secret) {
        Set<PosixFilePermission> mode = secret ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--");
        try {
            if (Files.exists(target) && !secret) {
                mode = Files.getPosixFilePermissions(target);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // keep the default
        }
        write(target, data, mode);
    }

    public static void write(Path target, byte[] data, Set<PosixFilePermission> mode) {
        target = resolveLink(target);
        Verbose.log("writing " + target + " (" + data.length + " bytes, mode " + PosixFilePermissions.toString(mode)
                + ") through a temp file and a rename");
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = tempFile(dir, target.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not write " + target + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file holds only what was to be written
                }
            }
        }
    }

    /**
     * A new empty 0600 temp file {@code .NAME.TAG-RANDOM.tmp} in {@code dir}; those a killed run left
     * for the same name are removed ({@link Leftovers}: a SIGKILL between create and rename leaves
     * one, and for a service's .env it holds plaintext).
     */
    static Path tempFile(Path dir, String name) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        String prefix = "." + name + ".";
        Path tmp = Files.createTempFile(dir, prefix + Leftovers.tag(), ".tmp", ownerOnly);
        Leftovers.sweep(dir, prefix, ".tmp", tmp);
        return tmp;
    }

    /**
     * Writes through a symbolic link to the file it names: renaming over the link would replace the
     * link and leave the real file (perhaps plaintext) as it was.
     */
    static Path resolveLink(Path target) {
        try {
            return Files.isSymbolicLink(target) ? target.toRealPath() : target;
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, target + " is a broken symbolic link");
        }
    }

    /** Creates a new file that must not exist yet (no silent overwrite), 0600, atomically. */
    public static void create(Path target, byte[] data) {
        if (Files.exists(target)) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, target + " already exists");
        }
        write(target, data, OWNER_ONLY);
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }

    /** Whether an exception is a "file exists" from a create that raced. */
    static boolean exists(IOException e) {
        return e instanceof FileAlreadyExistsException;
    }
}
