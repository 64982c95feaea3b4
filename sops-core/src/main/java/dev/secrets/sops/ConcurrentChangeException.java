package dev.secrets.sops;

import java.nio.file.Path;
import java.util.List;

/**
 * A save refused because another writer changed the file since it was opened and the two changes
 * cannot be merged (the same key changed differently), or the new version cannot be opened with
 * the caller's keys. Nothing was written. Exit 3, as for any output that could not be written;
 * the message names the conflicting keys, never a value.
 */
public final class ConcurrentChangeException extends SopsException {
    private final List<String> conflicts;

    ConcurrentChangeException(Path file, List<String> conflicts, String why) {
        super(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, file + ": changed by another writer since it was opened; " + why
                + "; nothing was written");
        this.conflicts = List.copyOf(conflicts);
    }

    /** The sops paths of the keys both writers changed differently (empty when the reason is another). */
    public List<String> conflicts() {
        return conflicts;
    }
}
