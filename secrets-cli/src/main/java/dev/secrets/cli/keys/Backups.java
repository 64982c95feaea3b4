package dev.secrets.cli.keys;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * One run's copies of the files it replaces, as they were (still encrypted), under
 * {@code <root>/.secrets-backup/<UTC timestamp>/<path relative to root>}. A copy is written and
 * fsynced before its file is replaced; files outside the root are kept beside themselves.
 */
public final class Backups {
    public static final String DIR = ".secrets-backup";
    public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final String stamp = STAMP.format(Instant.now());
    private final Map<Path, Path> runDirs = new HashMap<>();

    /** @param root the repo root, or null */
    public Backups(Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
    }

    public void save(Path file, byte[] original) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = root != null && abs.startsWith(root) ? root : abs.getParent();
        Path copy = runDir(base).resolve(base.relativize(abs));
        try {
            Files.createDirectories(copy.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not create backup folder " + copy.getParent());
        }
        AtomicFile.write(copy, original, AtomicFile.OWNER_ONLY);
    }

    /** The run's folder under a base, created once; a second run in the same second gets a suffix. */
    private synchronized Path runDir(Path base) {
        Path known = runDirs.get(base);
        if (known != null) {
            return known;
        }
        Path parent = base.resolve(DIR);
        try {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            for (int n = 1; ; n++) {
                Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    AtomicFile.syncDirectory(parent);
                    runDirs.put(base, dir);
                    return dir;
                } catch (FileAlreadyExistsException e) {
                    // taken by an earlier run this second
                }
            }
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not create backup folder under " + parent
                    + ": " + e.getClass().getSimpleName());
        }
    }

    /** Where this run's backups went (for the summary), or null when nothing was backed up. */
    public synchronized String describe() {
        return runDirs.isEmpty() ? null : String.join(", ", runDirs.values().stream().map(Path::toString).toList());
    }
}
