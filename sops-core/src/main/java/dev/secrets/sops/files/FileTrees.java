package dev.secrets.sops.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing a file or a folder with everything in it, never following a link out of it. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Removes the file, or the folder and all it holds (editor backups and swap files hold plaintext too). */
    public static void delete(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(path)) { // does not follow links
                all = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } else {
            Files.deleteIfExists(path);
        }
    }
}
