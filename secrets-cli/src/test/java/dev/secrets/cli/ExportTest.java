package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.age.AgeKeygen;
import dev.secrets.sops.testing.Oracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secrets export}: --json holds no value (every value is a sentinel that must not appear),
 * --env-dir writes the merged values with private modes, --k8s writes a sops-encrypted v1 Secret
 * that the oracle verifies and decrypts, with apiVersion, kind and metadata in plaintext.
 */
class ExportTest {
    static final String S = "sentinel-value-";

    @TempDir
    Path tmp;
    ServiceRepo repo;
    String k8sRecipient;

    @BeforeEach
    void setUp() throws IOException {
        repo = new ServiceRepo(tmp);
        k8sRecipient = AgeKeygen.generate().publicKey();
        String own = "    age: " + TestRepo.recipient() + "\n";
        repo.repo.write(".sops.yaml", "creation_rules:\n"
                + "  - path_regex: (^|/)k8s-secret\\.enc\\.yaml$\n    age: " + TestRepo.recipient() + "," + k8sRecipient + "\n"
                + "  - path_regex: (^|/)prod\\.env\\.enc$\n" + own + "  - path_regex: \\.env\\.enc$\n" + own);
        repo.repo.write("_shared/.env", "SMTP_HOST=" + S + "smtp\nDB_PASSWORD=" + S + "shared-db\n");
        assertEquals(0, repo.cli().run("encrypt", "_shared").exit());
        repo.service("caddy", "DOMAIN=" + S + "domain\nDB_PASSWORD=" + S + "caddy-db\nPORT=5432\nDEBUG=true\n");
        repo.repo.write("caddy/secrets.types", "DB_PASSWORD=password:32\nDOMAIN=manual\n");
        repo.service("web", "WEB_TOKEN=" + S + "web\n");
    }

    @Test
    void jsonIsTheStructureWithoutAnyValue() {
        Cli.Result r = repo.cli().run("export", "--json");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.stdout().contains(S) || r.stderr().contains(S), "a value in the export");
        assertFalse(r.stdout().contains("5432") || r.stdout().contains("\"true\""), "a value in the export");
        String out = r.stdout().replaceAll("\\s+", "");
        for (String expected : List.of("\"name\":\"caddy\"", "\"file\":\"caddy/.env.enc\",\"scope\":\"service\"",
                "\"file\":\"_shared/.env.enc\",\"scope\":\"shared\"", "\"recipients\":[\"age:" + TestRepo.recipient() + "\"]",
                "{\"name\":\"DB_PASSWORD\",\"scope\":\"service\",\"type\":\"password:32\",\"status\":\"OK\",\"usedBy\":[\"_shared\"],\"changed\":\"",
                "{\"name\":\"DOMAIN\",\"scope\":\"service\",\"type\":\"manual\",\"status\":\"OK\"",
                "{\"name\":\"WEB_TOKEN\",\"scope\":\"service\",\"type\":null,\"status\":\"OK\"")) {
            assertTrue(out.contains(expected), expected + " not in " + out);
        }
        Cli.Result one = repo.cli().run("export", "--json", "web");
        assertFalse(one.stdout().contains("caddy"), one.stdout());
    }

    @Test
    void envDirWritesEachServicesMergedValuesPrivately() throws IOException {
        Path dir = tmp.resolve("out");
        Cli.Result r = repo.cli().run("export", "--env-dir", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("warning: plaintext secrets are now on disk under " + dir), r.stderr());
        assertEquals(Map.of("SMTP_HOST", S + "smtp", "DOMAIN", S + "domain", "DB_PASSWORD", S + "caddy-db", "PORT", "5432",
                "DEBUG", "true"), parse(Files.readString(dir.resolve("caddy/.env"))));
        assertEquals(Map.of("SMTP_HOST", S + "smtp", "DB_PASSWORD", S + "shared-db", "WEB_TOKEN", S + "web"),
                parse(Files.readString(dir.resolve("web/.env"))));
        assertFalse(Files.exists(dir.resolve("_shared")), "the shared scope is merged, not a stack");
        for (Path p : List.of(dir, dir.resolve("caddy"), dir.resolve("web"))) {
            assertEquals("rwx------", PosixModes.of(p), p.toString());
        }
        assertEquals("rw-------", PosixModes.of(dir.resolve("caddy/.env")));
        assertFalse(r.stdout().contains(S), r.stdout());
        // again after a change: the file is replaced (no temp left), still 0600
        assertEquals(0, repo.cli().stdin("changed-value").run("set", "web", "WEB_TOKEN").exit());
        assertEquals(0, repo.cli().run("export", "--env-dir", dir.toString(), "web").exit());
        assertEquals("changed-value", parse(Files.readString(dir.resolve("web/.env"))).get("WEB_TOKEN"));
        try (var s = Files.list(dir.resolve("web"))) {
            assertEquals(List.of(".env"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("rw-------", PosixModes.of(dir.resolve("web/.env")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void k8sSecretIsASopsFileTheOracleDecryptsToAValidV1Secret() throws IOException {
        Cli.Result r = repo.cli().run("export", "--k8s", "caddy", "--namespace", "prod-ns", "--name", "caddy-env");
        assertEquals(0, r.exit(), r.toString());
        Path out = repo.repo.root.resolve("caddy/k8s-secret.enc.yaml");
        String raw = Files.readString(out);
        assertFalse(raw.contains(S) || raw.contains("5432"), "plaintext value in the manifest");
        for (String clear : List.of("apiVersion: v1", "kind: Secret", "name: caddy-env", "namespace: prod-ns", "type: Opaque",
                "encrypted_regex: ^(data|stringData)$", k8sRecipient)) {
            assertTrue(raw.contains(clear), clear + " not in plaintext:\n" + raw);
        }
        Oracle.Result o = Oracle.run(out, "yaml", "--age-key-file", repo.keyFile.toString());
        assertEquals(0, o.exitCode(), o.stderr());
        Map<String, Object> secret = (Map<String, Object>) o.plaintext();
        assertEquals("v1", secret.get("apiVersion"));
        assertEquals("Secret", secret.get("kind"));
        assertEquals(Map.of("name", "caddy-env", "namespace", "prod-ns"), secret.get("metadata"));
        Map<String, Object> data = (Map<String, Object>) secret.get("stringData");
        assertEquals(Map.of("SMTP_HOST", S + "smtp", "DOMAIN", S + "domain", "DB_PASSWORD", S + "caddy-db", "PORT", "5432",
                "DEBUG", "true"), data);
        data.values().forEach(v -> assertInstanceOf(String.class, v, "stringData values are strings"));
        // the file opens through our own decrypt too
        Cli.Result dec = repo.cli().run("decrypt", out.toString());
        assertEquals(0, dec.exit(), dec.toString());
    }

    /**
     * --env-dir leaves a folder that is already there as it is (it may be the repo, or /srv) and makes
     * only the folders it creates 0700; a folder others may write (/tmp's mode, sticky or not) is
     * refused before anything is written, its mode unchanged.
     */
    @Test
    void envDirLeavesAnExistingFolderAsItIsAndRefusesOneOthersMayWrite() throws Exception {
        Path own = Files.createDirectory(tmp.resolve("own"));
        Files.setPosixFilePermissions(own, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectory(own.resolve("web"));
        Files.setPosixFilePermissions(own.resolve("web"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Cli.Result r = repo.cli().run("export", "--env-dir", own.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("rwxr-xr-x", PosixModes.of(own), "an existing --env-dir changed its mode");
        assertEquals("rwxr-x---", PosixModes.of(own.resolve("web")), "an existing service folder changed its mode");
        assertEquals("rwx------", PosixModes.of(own.resolve("caddy")), "a folder it made");
        assertEquals("rw-------", PosixModes.of(own.resolve("caddy/.env")));
        assertEquals("rw-------", PosixModes.of(own.resolve("web/.env")));
        // missing parents are made 0700 too
        Path deep = tmp.resolve("deep/er");
        assertEquals(0, repo.cli().run("export", "--env-dir", deep.toString(), "web").exit());
        for (Path p : List.of(tmp.resolve("deep"), deep, deep.resolve("web"))) {
            assertEquals("rwx------", PosixModes.of(p), p.toString());
        }

        for (String mode : List.of("rwxrwxrwx", "rwxrwxrwt", "rwx----w-")) {
            Path shared = Files.createDirectory(tmp.resolve("shared-" + mode));
            Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString(mode.replace('t', 'x')));
            if (mode.endsWith("t")) {
                assertEquals(0, new ProcessBuilder("chmod", "+t", shared.toString()).start().waitFor());
            }
            String before = PosixModes.of(shared);
            Cli.Result refused = repo.cli().run("export", "--env-dir", shared.toString());
            assertEquals(3, refused.exit(), mode + ": " + refused);
            assertTrue(refused.stderr().contains(shared + " is writable by other users"), refused.stderr());
            assertEquals(before, PosixModes.of(shared), "a refused --env-dir changed its mode");
            try (var s = Files.list(shared)) {
                assertEquals(0, s.count(), mode + ": something was written");
            }
        }
        // one level down: an existing service folder others may write is refused before any file is written
        Path loose = Files.createDirectory(tmp.resolve("loose"));
        Files.createDirectory(loose.resolve("web"));
        Files.setPosixFilePermissions(loose.resolve("web"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Cli.Result sub = repo.cli().run("export", "--env-dir", loose.toString());
        assertEquals(3, sub.exit(), sub.toString());
        assertFalse(Files.exists(loose.resolve("caddy/.env")), "written before the check of web/");
    }

    /** A planted caddy/.sops.yaml must not choose who can read the manifest meant to be committed. */
    @Test
    void k8sAsksAboutANestedConfigAndWithoutATerminalRefusesIt() throws IOException {
        String attacker = AgeKeygen.generate().publicKey();
        repo.repo.write("caddy/.sops.yaml", "creation_rules:\n  - path_regex: (^|/)k8s-secret\\.enc\\.yaml$\n    age: "
                + attacker + "\n");
        Path out = repo.repo.root.resolve("caddy/k8s-secret.enc.yaml");
        Cli.Result refused = repo.cli().run("export", "--k8s", "caddy");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains(repo.repo.root.resolve("caddy/.sops.yaml") + ": a nested .sops.yaml changes the recipients")
                && refused.stderr().contains("SECRETS_NESTED_CONFIG=allow"), refused.stderr());
        assertFalse(Files.exists(out), "the manifest was written for the planted recipient");
        Cli.Result stdout = repo.cli().run("export", "--k8s", "caddy", "-o", "-");
        assertEquals(1, stdout.exit(), stdout.toString());
        assertFalse(stdout.stdout().contains(attacker), stdout.stdout());

        Cli.Result allowed = repo.cli().env("SECRETS_NESTED_CONFIG", "allow").run("export", "--k8s", "caddy");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertTrue(Files.readString(out).contains(attacker), "the override takes the nested config");
    }

    @Test
    void exportRefusesAmbiguousModes() {
        assertEquals(2, repo.cli().run("export").exit());
        assertEquals(2, repo.cli().run("export", "--json", "--k8s", "caddy").exit());
        assertEquals(2, repo.cli().run("export", "--json", "--namespace", "x").exit());
        Cli.Result missing = repo.cli().run("export", "--k8s", "caddy", "--env", "staging");
        assertEquals(100, missing.exit(), missing.toString());
    }

    static Map<String, String> parse(String dotenv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : dotenv.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }
}
