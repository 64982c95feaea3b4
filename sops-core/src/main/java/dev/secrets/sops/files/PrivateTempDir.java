package dev.secrets.sops.files;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A fresh 0700 folder for plaintext, in /dev/shm (memory, never on disk) where present, else the temp folder. */
public final class PrivateTempDir {
    private PrivateTempDir() {
    }

    /** The prefixes of the folders made here (edit, exec-file): a new one sweeps those of killed runs. */
    public static final List<String> PREFIXES = List.of("secrets-edit-", "secrets-exec-");

    /**
     * A new folder {@code PREFIX + TAG + RANDOM}; folders a killed run left (SIGKILL runs no clean-up,
     * and an editor's plaintext would stay in /dev/shm until reboot) are removed first ({@link Leftovers}).
     */
    public static Path create(String prefix) {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            Path dir = Files.createTempDirectory(base, prefix + Leftovers.tag(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            for (String p : PREFIXES) {
                Leftovers.sweep(base, p, "", dir);
            }
            return dir;
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not create a private temp folder in "
                    + base + ": " + e.getClass().getSimpleName());
        }
    }
}
