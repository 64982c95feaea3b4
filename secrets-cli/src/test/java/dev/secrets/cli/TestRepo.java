package dev.secrets.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throwaway service repo in a temp folder: .sops.yaml for the project's test key, and a CLI set up to use it. */
public final class TestRepo {
    /** The project's throwaway test key (testdata/keys), also the recipient of testdata/.sops.yaml. */
    public static final Path KEY_FILE = projectRoot().resolve("testdata/keys/test-only-age-key.txt");

    public final Path root;

    public TestRepo(Path root) {
        this.root = root;
        write(".sops.yaml", "creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: " + recipient() + "\n  - age: "
                + recipient() + "\n");
    }

    public static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata/keys"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("project root with testdata/keys not found");
        }
        return p;
    }

    public static String recipient() {
        try {
            for (String line : Files.readAllLines(KEY_FILE)) {
                if (line.startsWith("# public key: ")) {
                    return line.substring("# public key: ".length()).trim();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no public key comment in " + KEY_FILE);
    }

    public Cli cli() {
        return new Cli().dir(root).env("SOPS_AGE_KEY_FILE", KEY_FILE.toString());
    }

    public Path write(String relative, String content) {
        Path p = root.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public String read(String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String relative) {
        return Files.exists(root.resolve(relative));
    }
}
