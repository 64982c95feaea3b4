package dev.secrets.sops.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the shared test material lives: {@code ../shared} beside the checkout, or the folder named
 * by {@code SECRETS_SHARED_DIR}. Tests that need it are skipped, with a message on stderr, when it
 * is absent. The corpus is read in place, never copied.
 */
public final class SharedTestData {
    private SharedTestData() {
    }

    /** The shared folder, or null when it is not there. */
    public static Path sharedDir() {
        String env = System.getenv("SECRETS_SHARED_DIR");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Paths.get(env));
        }
        String prop = System.getProperty("shared.dir");
        if (prop != null && !prop.isBlank()) {
            candidates.add(Paths.get(prop));
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            candidates.add(p.resolve("../shared").normalize());
        }
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("testdata/sops-corpus"))) {
                return c.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** The shared folder; skips the calling test when it is absent. */
    public static Path requireShared() {
        Path dir = sharedDir();
        if (dir == null) {
            System.err.println("SKIPPED: ../shared (or SECRETS_SHARED_DIR) is absent; corpus tests not run");
        }
        assumeTrue(dir != null, "../shared is absent: corpus tests skipped");
        return dir;
    }

    public static Path corpusDir() {
        return requireShared().resolve("testdata/sops-corpus");
    }

    public static Path oracle() {
        return requireShared().resolve("tools/sops_oracle.py");
    }

    /**
     * A python3 that can run the oracle (needs cryptography and PyYAML): {@code SECRETS_ORACLE_PYTHON},
     * {@code python3} on PATH, or Debian's /usr/bin/python3. Skips the calling test when none can.
     */
    public static String oraclePython() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("SECRETS_ORACLE_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import cryptography, yaml").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.println("SKIPPED: no python3 with cryptography and PyYAML for the oracle");
        assumeTrue(false, "no python3 with cryptography and PyYAML");
        return null;
    }

    /** Whether a command (age, age-keygen) is on PATH; skips the calling test with a message when not. */
    public static void requireCommand(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, command))) {
                return;
            }
        }
        System.err.println("SKIPPED: " + command + " is not installed");
        assumeTrue(false, command + " is not installed");
    }

    /** One row of the corpus MANIFEST.tsv. */
    public record CorpusFile(String file, String store, String sopsVersion, String keys, String dataKeyHex,
                             String expect) {
        public Path path() {
            return corpusDir().resolve(file);
        }

        public boolean expectVerify() {
            return expect.equals("verify");
        }

        /** The age key file that opens this file, or null. */
        public Path ageKeyFile() {
            for (String k : keys.split("\\+")) {
                if (k.startsWith("age:")) {
                    return corpusDir().resolve(k.substring(4));
                }
            }
            return null;
        }

        public byte[] dataKey() {
            byte[] out = new byte[dataKeyHex.length() / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) Integer.parseInt(dataKeyHex.substring(2 * i, 2 * i + 2), 16);
            }
            return out;
        }
    }

    /** Every row of the manifest. */
    public static List<CorpusFile> manifest() {
        Path manifest = corpusDir().resolve("MANIFEST.tsv");
        try {
            List<CorpusFile> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                rows.add(new CorpusFile(f[0], f[1], f[2], f[3], f[4], f[5]));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The age-rewrapped copies: every pgp-only file with the sops-nix age key added. */
    public static List<Path> ageRewrapped() {
        try (var stream = Files.list(corpusDir().resolve("age-rewrapped"))) {
            return stream.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The age key that opens the age-rewrapped copies. */
    public static Path sopsNixAgeKeys() {
        return corpusDir().resolve("sops-nix/age-keys.txt");
    }
}
