package dev.secrets.cli.git;

import dev.secrets.sops.files.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A line-based file ({@code .gitignore}, {@code .gitattributes}) that gets the lines it lacks appended, under a comment. */
final class LineFile {
    private LineFile() {
    }

    /** Appends the missing lines; returns them (empty: the file had them all and was not touched). */
    static List<String> ensure(Path file, String comment, List<String> lines) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = "";
        }
        Set<String> present = new HashSet<>();
        text.lines().forEach(l -> present.add(l.strip()));
        List<String> missing = new ArrayList<>();
        for (String line : lines) {
            if (!present.contains(line)) {
                missing.add(line);
            }
        }
        if (missing.isEmpty()) {
            return missing;
        }
        StringBuilder out = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.append('\n');
        }
        if (!text.isEmpty()) {
            out.append('\n');
        }
        out.append("# ").append(comment).append('\n');
        missing.forEach(l -> out.append(l).append('\n'));
        AtomicFile.write(file, out.toString().getBytes(StandardCharsets.UTF_8), false);
        return missing;
    }
}
