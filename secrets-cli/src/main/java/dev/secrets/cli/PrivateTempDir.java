package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A fresh 0700 folder for plaintext, in /dev/shm (memory, never on disk) where present, else the temp folder. */
final class PrivateTempDir {
    private PrivateTempDir() {
    }

    static Path create(String prefix) {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return Files.createTempDirectory(base, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not create a private temp folder in "
                    + base + ": " + e.getClass().getSimpleName());
        }
    }
}
