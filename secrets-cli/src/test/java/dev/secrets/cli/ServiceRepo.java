package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A temp repo of encrypted services that passes validate: its own 0600 copy of the test key,
 * {@code .env} in {@code .gitignore}. Tests then plant what they check.
 */
public final class ServiceRepo {
    public final TestRepo repo;
    public final Path keyFile;

    public ServiceRepo(Path tmp) {
        repo = new TestRepo(tmp.resolve("repo"));
        repo.write(".gitignore", ".env\n");
        keyFile = tmp.resolve("keys.txt");
        try {
            Files.copy(TestRepo.KEY_FILE, keyFile, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Cli cli() {
        return new Cli().dir(repo.root).env("SOPS_AGE_KEY_FILE", keyFile.toString());
    }

    /** Writes SERVICE/.env and encrypts it into SERVICE/.env.enc (the plaintext is removed). */
    public void service(String name, String dotenv) {
        repo.write(name + "/docker-compose.yml", "services:\n  " + name + ":\n    image: x\n    env_file: .env\n");
        repo.write(name + "/.env", dotenv);
        Cli.Result r = cli().run("encrypt", name);
        assertEquals(0, r.exit(), r.toString());
    }

    /** The decrypted values of a service, read through the CLI. */
    public Map<String, String> values(String name) {
        Cli.Result r = cli().run("decrypt", name, "--stdout");
        assertEquals(0, r.exit(), r.toString());
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    public String read(String relative) {
        return repo.read(relative);
    }

    /** How many non-metadata lines differ between two dotenv files. */
    public static int changedDataLines(String a, String b) {
        List<String> la = dataLines(a);
        List<String> lb = dataLines(b);
        int diff = Math.abs(la.size() - lb.size());
        for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
            if (!la.get(i).equals(lb.get(i))) {
                diff++;
            }
        }
        return diff;
    }

    private static List<String> dataLines(String s) {
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n")) {
            if (!line.startsWith("sops_")) {
                out.add(line);
            }
        }
        return out;
    }
}
