package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scopes: the shared scope {@code _shared/.env.enc}, the service's {@code .env.enc} and the overlay
 * {@code caddy/prod.env.enc}, each a sops file of its own with its own .sops.yaml rule, merged with
 * shared &lt; service &lt; environment. A stand-in {@code docker} records the .env it is given;
 * exec-env's command prints its environment.
 */
class ScopesTest {
    @TempDir
    Path tmp;
    ServiceRepo repo;
    Path bin;
    Path record;

    @BeforeEach
    void setUp() throws IOException {
        repo = new ServiceRepo(tmp);
        // its own rules: the shared scope and the prod overlays first, each could list other recipients
        String rule = "    age: " + TestRepo.recipient() + "\n";
        repo.repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^_shared/\\.env\\.enc$\n" + rule
                + "  - path_regex: (^|/)prod\\.env\\.enc$\n" + rule + "  - path_regex: \\.env\\.enc$\n" + rule);
        repo.repo.write("_shared/.env", "SMTP_HOST=shared.smtp\nLOG_LEVEL=shared-info\nDB_PASSWORD=shared-pw\n");
        assertEquals(0, repo.cli().run("encrypt", "_shared").exit());
        repo.service("caddy", "# caddy\nDOMAIN=caddy.test\nLOG_LEVEL=service-debug\nDB_PASSWORD=service-pw\n");
        repo.repo.write("caddy/prod.env", "DB_PASSWORD=prod-pw\nPROD_ONLY=1\n");
        Path overlay = repo.repo.root.resolve("caddy/prod.env.enc");
        Cli.Result enc = repo.cli().run("encrypt", "--filename-override", overlay.toString(), "--output", overlay.toString(),
                "caddy/prod.env");
        assertEquals(0, enc.exit(), enc.toString());
        Files.delete(repo.repo.root.resolve("caddy/prod.env"));

        bin = Files.createDirectories(tmp.resolve("bin"));
        record = tmp.resolve("record");
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\ncp .env \"" + record + "\"\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Cli cli() {
        return repo.cli().env("PATH", bin + ":" + System.getenv("PATH"));
    }

    Map<String, String> deployed(String... args) throws IOException {
        Files.deleteIfExists(record);
        Cli.Result r = cli().run(args);
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.stdout().contains("-pw") || r.stderr().contains("-pw"), "a value was printed");
        return parse(Files.readString(record));
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

    @Test
    void deploySeesSharedThenServiceThenEnvironment() throws IOException {
        Map<String, String> plain = deployed("deploy", "caddy");
        assertEquals(Map.of("SMTP_HOST", "shared.smtp", "LOG_LEVEL", "service-debug", "DB_PASSWORD", "service-pw",
                "DOMAIN", "caddy.test"), plain);

        Map<String, String> prod = deployed("deploy", "caddy", "--env", "prod");
        assertEquals(Map.of("SMTP_HOST", "shared.smtp", "LOG_LEVEL", "service-debug", "DB_PASSWORD", "prod-pw",
                "DOMAIN", "caddy.test", "PROD_ONLY", "1"), prod);
        // SECRETS_ENV does what --env does
        Files.deleteIfExists(record);
        Cli.Result viaEnv = cli().env("SECRETS_ENV", "prod").run("deploy", "caddy");
        assertEquals(0, viaEnv.exit(), viaEnv.toString());
        assertEquals(prod, parse(Files.readString(record)));
        assertFalse(repo.repo.exists("caddy/.env"), "the merged plaintext is removed");
    }

    @Test
    void execEnvMergesTheSameWay() {
        Cli.Result r = repo.cli().run("exec-env", "caddy", "--env", "prod", "--", "/bin/sh", "-c",
                "echo \"$SMTP_HOST $LOG_LEVEL $DB_PASSWORD $PROD_ONLY\"");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("shared.smtp service-debug prod-pw 1\n", r.stdout());
    }

    /**
     * Empty values are not in the MAC: anyone who can write a scope file can append {@code DB_PASSWORD=}.
     * Above a lower scope's value that would blank it silently; deploy and exec-env refuse it (the
     * flag injects it with a warning), shared -> service and service -> overlay alike.
     */
    @Test
    void anAppendedEmptyEntryDoesNotBlankALowerScopesValue() throws IOException {
        repo.service("web", "WEB_TOKEN=web-pw\n");
        Path web = repo.repo.root.resolve("web/.env.enc");
        Path overlay = repo.repo.root.resolve("caddy/prod.env.enc");
        Files.writeString(web, Files.readString(web) + "DB_PASSWORD=\n");
        Files.writeString(overlay, Files.readString(overlay) + "LOG_LEVEL=\n");
        String[][] refused = {
            {"deploy", "web", "--dry-run"}, {"exec-env", "web", "--", "true"},
            {"deploy", "caddy", "--env", "prod", "--dry-run"}, {"exec-env", "caddy", "--env", "prod", "--", "true"}};
        for (String[] args : refused) {
            Path file = args[1].equals("web") ? web : overlay;
            String key = args[1].equals("web") ? "DB_PASSWORD" : "LOG_LEVEL";
            Cli.Result r = cli().run(args);
            assertEquals(1, r.exit(), String.join(" ", args) + ": " + r);
            assertTrue(r.stderr().contains(file + ": not injected: " + key
                    + " is empty and would replace the value a lower scope file gives it"), r.stderr());
            assertFalse(r.stdout().contains("-pw") || r.stderr().contains("-pw"), "a value was printed");
        }
        // the flag injects it, with a warning naming it
        Cli.Result allowed = repo.cli().run("exec-env", "caddy", "--env", "prod", "--allow-unauthenticated", "--", "/bin/sh", "-c",
                "echo \"[$LOG_LEVEL] $DB_PASSWORD\"");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertEquals("[] prod-pw\n", allowed.stdout());
        assertTrue(allowed.stderr().contains("warning: " + overlay + ": LOG_LEVEL is empty"), allowed.stderr());
        // without the overlay nothing blanks a value; an empty placeholder nothing below sets passes
        Files.writeString(web, Files.readString(web).replace("DB_PASSWORD=\n", "NEW_PLACEHOLDER=\n"));
        Map<String, String> plain = deployed("deploy", "caddy");
        assertEquals("service-debug", plain.get("LOG_LEVEL"));
        assertEquals("", deployed("deploy", "web").get("NEW_PLACEHOLDER"));
    }

    @Test
    void anEnvironmentWithoutOverlayIsAClearError() {
        Cli.Result r = cli().run("deploy", "caddy", "--env", "staging");
        assertEquals(100, r.exit(), r.toString());
        assertTrue(r.stderr().contains("staging.env.enc: no overlay for environment 'staging'"), r.stderr());
        assertFalse(Files.exists(record));
        Cli.Result bad = cli().run("deploy", "caddy", "--env", "../x");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.stderr().contains("invalid environment name"), bad.stderr());
    }

    @Test
    void validateWarnsAboutAKeyInTwoScopesAndEachScopeIsAPlainSopsFile() {
        Cli.Result v = repo.cli().run("validate");
        assertEquals(1, v.exit(), v.toString());
        assertTrue(v.stdout().contains("caddy/.env.enc: LOG_LEVEL is also in the shared scope"), v.stdout());
        assertTrue(v.stdout().contains("caddy/.env.enc: DB_PASSWORD is also in the shared scope"), v.stdout());
        assertTrue(v.stdout().contains("caddy/prod.env.enc: DB_PASSWORD is also in the service scope"), v.stdout());
        assertFalse(v.stdout().contains("ERROR"), v.stdout());
        // list names each key's scope
        Cli.Result l = repo.cli().run("list");
        assertEquals(0, l.exit(), l.toString());
        assertTrue(l.stdout().matches("(?s).*\\n_shared\\s+SMTP_HOST\\s+OK\\s+shared\\s.*"), l.stdout());
        assertTrue(l.stdout().matches("(?s).*\\ncaddy\\s+DOMAIN\\s+OK\\s+service\\s.*"), l.stdout());
        assertTrue(l.stdout().matches("(?s).*\\ncaddy\\s+PROD_ONLY\\s+OK\\s+env:prod\\s.*"), l.stdout());
        // the oracle (an independent sops reader) opens every scope file
        for (String f : new String[] {"_shared/.env.enc", "caddy/.env.enc", "caddy/prod.env.enc"}) {
            dev.secrets.sops.testing.Oracle.Result o = dev.secrets.sops.testing.Oracle.run(repo.repo.root.resolve(f), "dotenv",
                    "--age-key-file", repo.keyFile.toString());
            assertEquals(0, o.exitCode(), f + ": " + o.stderr());
        }
    }

    @Test
    void renewOfASharedKeyChangesTheSharedFileOnlyAndNamesEveryServiceToRestart() {
        String caddy = repo.read("caddy/.env.enc");
        String prod = repo.read("caddy/prod.env.enc");
        String shared = repo.read("_shared/.env.enc");
        Cli.Result r = repo.cli().run("renew", "SMTP_HOST", "--type", "password:12", "-y");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("in 1 files: _shared\n") && r.stdout().contains("restart: caddy\n"), r.stdout());
        assertEquals(caddy, repo.read("caddy/.env.enc"));
        assertEquals(prod, repo.read("caddy/prod.env.enc"));
        assertEquals(1, ServiceRepo.changedDataLines(shared, repo.read("_shared/.env.enc")));
        // a key in every scope is renewed in each of them, one value
        Cli.Result all = repo.cli().run("renew", "DB_PASSWORD", "--type", "hex:20", "-y");
        assertEquals(0, all.exit(), all.toString());
        assertTrue(all.stdout().contains("in 3 files: _shared, caddy, caddy (prod)"), all.stdout());
        Cli.Result seen = repo.cli().run("exec-env", "caddy", "--", "/bin/sh", "-c", "echo $DB_PASSWORD");
        Cli.Result seenProd = repo.cli().run("exec-env", "caddy", "--env", "prod", "--", "/bin/sh", "-c", "echo $DB_PASSWORD");
        assertTrue(seen.stdout().matches("[0-9a-f]{20}\n"), seen.stdout().length() + " chars");
        assertEquals(seen.stdout(), seenProd.stdout());
    }

    @Test
    void renewRestartDeploysEachServiceWithTheNewValue() throws IOException {
        Cli.Result r = cli().run("renew", "SMTP_HOST", "--type", "password:12", "-y", "--restart");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("deploying caddy"), r.stdout());
        String deployed = parse(Files.readString(record)).get("SMTP_HOST");
        assertTrue(deployed.matches("[A-Za-z0-9]{12}"), "the stand-in docker saw the new value");
        Cli.Result seen = repo.cli().run("exec-env", "_shared", "--", "/bin/sh", "-c", "echo $SMTP_HOST");
        assertEquals(deployed + "\n", seen.stdout());
        assertFalse(r.stdout().contains(deployed) || r.stderr().contains(deployed), "a value was printed");
    }
}
