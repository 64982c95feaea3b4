package dev.secrets.sops.fuzz;

import dev.secrets.sops.testing.SharedTestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Files the fuzz tests read in place: the repo's testdata/ and, when present, ../shared's corpus. */
public final class FuzzFiles {
    private FuzzFiles() {
    }

    /** The checkout's root: the nearest folder upward from the working directory holding testdata/keys. */
    public static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("testdata/keys/test-only-age-key.txt"))) {
                return p;
            }
        }
        throw new IllegalStateException("testdata/keys/test-only-age-key.txt not found above " + Path.of("").toAbsolutePath());
    }

    /** The repo's throwaway age identity (testdata/keys/test-only-age-key.txt). */
    public static Path testKeyFile() {
        return repoRoot().resolve("testdata/keys/test-only-age-key.txt");
    }

    /** Every regular file under the repo's testdata/, sorted. */
    public static List<Path> repoTestData() {
        return filesUnder(repoRoot().resolve("testdata"));
    }

    /** Every regular file under dir (none when it does not exist), sorted. */
    public static List<Path> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared corpus folder, or null (with a SKIPPED line on stderr) when ../shared is absent. */
    public static Path sharedCorpusOrNull(String what) {
        Path shared = SharedTestData.sharedDir();
        if (shared == null) {
            System.err.println("SKIPPED: ../shared (or SECRETS_SHARED_DIR) is absent; " + what
                    + " run over the repo's testdata only");
            return null;
        }
        return shared.resolve("testdata/sops-corpus");
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
