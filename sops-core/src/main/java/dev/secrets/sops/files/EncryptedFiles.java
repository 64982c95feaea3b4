package dev.secrets.sops.files;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.SopsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sops-encrypted files under a root, recognised by their content (an {@code ENC[AES256_GCM} value and
 * sops metadata), as {@code updatekeys --all}, {@code rotate --all} and {@code validate --all} find them.
 */
public final class EncryptedFiles {
    /** Larger files are not secrets files worth opening here. */
    private static final long MAX_SIZE = 16L << 20;

    private EncryptedFiles() {
    }

    /** Every file under the root that looks sops-encrypted, sorted. */
    public static List<Path> under(Path root) {
        List<Path> found = new ArrayList<>();
        RepoWalk.walk(root, dir -> { }, (file, attrs) -> {
            if (attrs.isRegularFile() && attrs.size() <= MAX_SIZE && looksEncrypted(file)) {
                found.add(file);
            }
        });
        found.sort(null);
        return found;
    }

    /**
     * Every sops file under the root that a creation rule of the config covers, absolute and
     * normalized; temp files a killed run left are not files of the repo.
     */
    public static List<Path> coveredBy(Path root, SopsConfig config) {
        return under(root).stream().filter(f -> !AtomicFile.isTempName(f.getFileName().toString()) && covered(config, f))
                .map(f -> f.toAbsolutePath().normalize()).toList();
    }

    private static boolean covered(SopsConfig config, Path file) {
        try {
            return config.ruleFor(file) != null;
        } catch (SopsException e) {
            return false;
        }
    }

    /** Whether the file's bytes hold an encrypted value and sops metadata in any store's layout. */
    public static boolean looksEncrypted(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return text.contains("ENC[AES256_GCM,") && (text.contains("sops_mac=") || text.contains("\nsops:")
                    || text.contains("\"sops\":") || text.contains("[sops]"));
        } catch (IOException e) {
            return false;
        }
    }
}
