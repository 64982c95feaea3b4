package dev.secrets.age;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Writes a new identity file as {@code age-keygen -o} does: mode 0600, never over an existing file.
 * Missing parent folders are created 0700 (the default {@code ~/.config/sops/age} usually does not
 * exist yet); folders that exist are left as they are.
 */
public final class AgeKeyFileWriter {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private AgeKeyFileWriter() {
    }

    /** Writes {@code key} to the new file {@code file}. */
    public static void create(Path file, AgeKeygen key) {
        createPrivateFolders(file.toAbsolutePath().getParent());
        byte[] text = key.render().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFile.createExclusive(file, text);
        } finally {
            Arrays.fill(text, (byte) 0); // the secret key
        }
    }

    /** Creates the missing folders of {@code dir}, each 0700 whatever the umask. */
    static void createPrivateFolders(Path dir) {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.add(0, d);
        }
        try {
            for (Path d : missing) {
                try {
                    Files.createDirectory(d, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (!Files.isDirectory(d)) {
                        throw e;
                    }
                    continue; // made meanwhile by someone else: theirs, not ours to change
                }
                Files.setPosixFilePermissions(d, OWNER_ONLY_DIR); // the umask may have taken bits away
            }
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not create folder " + dir + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
