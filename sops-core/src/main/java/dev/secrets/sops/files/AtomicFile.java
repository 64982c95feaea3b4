package dev.secrets.sops.files;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
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
 * old file or the new one, never a mix. Errors are {@link SopsException}s with sops' exit codes.
 */
public final class AtomicFile {
    /** rw------- : for plaintext, keys and backups. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFile() {
    }

    /** The whole file; a missing file is exit 100 and any other failure exit 2, both naming the file. */
    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, file + ": file does not exist");
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, file + ": could not read: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Writes keeping the target's mode when it exists, else 0644 (0600 for {@code secret} content). */
    public static void write(Path target, byte[] data, boolean secret) {
        Set<PosixFilePermission> mode = secret ? OWNER_ONLY : DEFAULT_MODE;
        try {
            if (Files.exists(target) && !secret) {
                mode = Files.getPosixFilePermissions(target);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // keep the default
        }
        write(target, data, mode);
    }

    /** Writes with the given mode; a symbolic link is written through to the file it names. */
    public static void write(Path target, byte[] data, Set<PosixFilePermission> mode) {
        target = resolveLink(target);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = tempFile(dir, target.getFileName().toString());
            writeAndSync(tmp, data);
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
            deleteQuietly(tmp); // holds only what was to be written
        }
    }

    /**
     * Creates a file that must not exist yet (never overwritten, even by a file created a moment
     * ago), mode 0600: a complete temp file is hard-linked to the name, so a crash never leaves half a
     * file under it.
     */
    public static void createExclusive(Path target, byte[] data) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyExists(target);
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = tempFile(dir, target.getFileName().toString()); // 0600; a killed run's is swept
            writeAndSync(tmp, data);
            try {
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                throw alreadyExists(target);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not write " + target + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static SopsException alreadyExists(Path target) {
        return new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, target + ": already exists, not overwriting it");
    }

    private static void writeAndSync(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort; a later run sweeps it (Leftovers)
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
     * Removes this process's own temp files for {@code target} ({@code .NAME.TAG-….tmp}): a shutdown
     * hook's clean-up, for a write that a signal ended between creating its temp file and the rename
     * (the writing thread's {@code finally} never runs then). Best effort, never throws.
     */
    public static void removeOwnTempFiles(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        String tag = Leftovers.tag();
        if (dir == null || tag.isEmpty()) {
            return;
        }
        String prefix = "." + target.getFileName() + "." + tag;
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir, e ->
                e.getFileName().toString().startsWith(prefix) && e.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: what is left is 0600 and swept by the next write of that file
        }
    }

    /** Whether a file name is one of our temp files ({@code .NAME.….tmp}), which is never a file of a repo. */
    public static boolean isTempName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(".tmp");
    }

    /**
     * Writes through a symbolic link to the file it names: renaming over the link would replace the
     * link and leave the real file (perhaps plaintext) as it was.
     */
    private static Path resolveLink(Path target) {
        try {
            return Files.isSymbolicLink(target) ? target.toRealPath() : target;
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, target + " is a broken symbolic link");
        }
    }

    /** fsync of a folder, so a rename in it survives a crash; some file systems cannot, and the rename is atomic anyway. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing more to do
        }
    }
}
