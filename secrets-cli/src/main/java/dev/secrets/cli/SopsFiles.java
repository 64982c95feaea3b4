package dev.secrets.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** sops-encrypted files under a root, recognised by their content (an ENC[AES256_GCM value and sops metadata). */
final class SopsFiles {
    /** Larger files are not secrets files worth opening here. */
    private static final long MAX_SIZE = 16L << 20;

    private SopsFiles() {
    }

    static List<Path> under(Path root) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && Services.SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && attrs.size() <= MAX_SIZE && looksEncrypted(file)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(null);
        return found;
    }

    static boolean looksEncrypted(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return text.contains("ENC[AES256_GCM,") && (text.contains("sops_mac=") || text.contains("\nsops:")
                    || text.contains("\"sops\":") || text.contains("[sops]"));
        } catch (IOException e) {
            return false;
        }
    }
}
