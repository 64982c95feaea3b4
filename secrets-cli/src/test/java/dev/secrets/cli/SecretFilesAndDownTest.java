package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret files ({@code secrets:} with {@code file: ${SECRETS_DIR}/KEY}), {@code down}, and the hint for a
 * missing compose plugin, with a stand-in {@code docker} that records its arguments, {@code SECRETS_DIR},
 * whether {@code .env} is there, and each secret file with its mode, as compose would see them.
 * The tmpfs is a private folder under /dev/shm, named through {@code SECRETS_RUNTIME_DIR}.
 */
class SecretFilesAndDownTest {
    static final String PEM = "-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcN\n-----END TEST KEY-----";
    static final String ENV = "DB_PASSWORD=p@ss word #1 \"q\" $x\nPEM=" + PEM.replace("\n", "\\n")
            + "\nAPI_TOKEN=héllo ✓\nPLAIN=not-a-file\n";
    static final String COMPOSE = "services:\n  app:\n    image: x\n    env_file: .env\n    secrets: [db, pem, api, own]\n"
            + "secrets:\n  db:\n    file: ${SECRETS_DIR}/DB_PASSWORD\n  pem:\n    file: \"${SECRETS_DIR}/PEM\"\n"
            + "  api:\n    file: $SECRETS_DIR/API_TOKEN\n  own:\n    file: ./own.txt\n";

    @TempDir
    Path tmp;
    Path runtime;
    ServiceRepo services;
    Path bin;
    Path rec;

    @BeforeEach
    void setUp() throws IOException {
        Path shm = Path.of("/dev/shm");
        boolean tmpfs = Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs");
        if (!tmpfs) {
            System.err.println("SKIPPED: /dev/shm is not a tmpfs here; the secret-file and down tests not run");
        }
        assumeTrue(tmpfs, "no tmpfs at /dev/shm");
        runtime = Files.createTempDirectory(shm, "secrets-test-runtime-");
        services = new ServiceRepo(tmp);
        services.service("app", ENV);
        services.repo.write("app/docker-compose.yml", COMPOSE);
        bin = Files.createDirectories(tmp.resolve("bin"));
        rec = Files.createDirectories(tmp.resolve("rec"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, String.join("\n",
                "#!/bin/sh",
                "rec=\"" + rec + "\"",
                "if [ -n \"$FAKE_NO_PLUGIN\" ]; then",
                "  if [ \"$1\" = compose ] && [ \"$2\" = version ]; then echo 'docker: unknown command: docker compose' >&2; exit 1; fi",
                "  echo \"unknown shorthand flag: 'd' in -d\" >&2; exit 125",
                "fi",
                "if [ \"$1\" = compose ] && [ \"$2\" = version ]; then echo 'Docker Compose version v2.0.0'; exit 0; fi",
                "n=$(ls \"$rec\" | grep -c '^run')",
                "d=\"$rec/run$n\"; mkdir \"$d\"",
                "echo \"$*\" > \"$d/args\"",
                "echo \"${SECRETS_DIR-unset}\" > \"$d/secrets_dir\"",
                "if [ -f .env ]; then echo yes > \"$d/env\"; fi",
                "if [ -n \"$SECRETS_DIR\" ] && [ -d \"$SECRETS_DIR\" ]; then",
                "  stat -c %a \"$SECRETS_DIR\" > \"$d/dirmode\"",
                "  for f in \"$SECRETS_DIR\"/*; do [ -f \"$f\" ] || continue; b=$(basename \"$f\");",
                "    cp \"$f\" \"$d/file.$b\"; stat -c %a \"$f\" > \"$d/mode.$b\"; done",
                "fi",
                "exit ${FAKE_DOCKER_EXIT:-0}", ""));
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeRuntime() throws IOException {
        if (runtime != null) {
            dev.secrets.sops.files.FileTrees.delete(runtime);
        }
    }

    Cli cli() {
        return services.cli().env("PATH", bin + ":" + System.getenv("PATH")).env("SECRETS_RUNTIME_DIR", runtime.toString());
    }

    Path run(int n) {
        return rec.resolve("run" + n);
    }

    String recorded(int n, String name) throws IOException {
        return Files.readString(run(n).resolve(name), StandardCharsets.UTF_8);
    }

    /** The one service folder under the runtime dir's user folder, or null. */
    Path secretsFolder() throws IOException {
        Path user = runtime.resolve("secrets-" + System.getProperty("user.name"));
        if (!Files.isDirectory(user)) {
            return null;
        }
        try (Stream<Path> s = Files.list(user)) {
            List<Path> all = s.toList();
            assertTrue(all.size() <= 1, all.toString());
            return all.isEmpty() ? null : all.get(0);
        }
    }

    @Test
    void theComposeFileNamedInSecretsComposeOrComposeFileCounts() throws IOException {
        // the default file names no secret; prod.yml, which compose is told to read, does
        services.repo.write("app/docker-compose.yml", "services:\n  app:\n    image: x\n");
        services.repo.write("app/prod.yml", COMPOSE);
        Cli.Result r = cli().env("SECRETS_COMPOSE", "docker compose -f prod.yml").run("deploy", "app");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("compose -f prod.yml up -d", recorded(0, "args").strip());
        assertEquals("p@ss word #1 \"q\" $x", recorded(0, "file.DB_PASSWORD"));
        assertTrue(Files.exists(run(0).resolve("file.PEM")) && Files.exists(run(0).resolve("file.API_TOKEN")));

        Cli.Result viaEnv = cli().env("COMPOSE_FILE", "docker-compose.yml:prod.yml").run("deploy", "app", "--force");
        assertEquals(0, viaEnv.exit(), viaEnv.toString());
        assertEquals("p@ss word #1 \"q\" $x", recorded(1, "file.DB_PASSWORD"));

        // a file compose is told to read but that is not there: nothing runs
        Cli.Result missing = cli().env("SECRETS_COMPOSE", "docker compose --file=nope.yml").run("deploy", "app", "--force");
        assertEquals(2, run(2).getParent().toFile().list((d, n) -> n.startsWith("run")).length, "compose ran");
        assertNotEquals(0, missing.exit(), missing.toString());
        assertTrue(missing.stderr().contains("nope.yml: cannot read"), missing.stderr());
    }

    @Test
    void deployWritesTheFilesKeepsThemAndDownRemovesThem() throws IOException {
        Cli.Result r = cli().run("deploy", "app");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("compose up -d", recorded(0, "args").strip());
        Path folder = secretsFolder();
        assertEquals(folder.toString(), recorded(0, "secrets_dir").strip());
        assertTrue(folder.getFileName().toString().startsWith("app-"), folder.toString());
        assertEquals("700", recorded(0, "dirmode").strip());
        // exactly the decrypted values: no trailing newline, the PEM's \n decoded, nothing unquoted
        assertEquals("p@ss word #1 \"q\" $x", recorded(0, "file.DB_PASSWORD"));
        assertEquals(PEM, recorded(0, "file.PEM"));
        assertEquals("héllo ✓", recorded(0, "file.API_TOKEN"));
        assertFalse(Files.exists(run(0).resolve("file.PLAIN")), "a key the compose file does not name became a file");
        for (String key : List.of("DB_PASSWORD", "PEM", "API_TOKEN")) {
            assertEquals("400", recorded(0, "mode." + key).strip(), key);
        }
        // the stack runs: the files stay (containers read them whenever they start); the .env does not
        assertFalse(services.repo.exists("app/.env"));
        assertEquals("rwx------", PosixModes.of(folder));
        assertEquals("rwx------", PosixModes.of(folder.getParent()));
        assertEquals("r--------", PosixModes.of(folder.resolve("PEM")));

        // a later deploy replaces them: a changed value, and a key the compose file no longer names goes
        assertEquals(0, cli().stdin("n3w").run("set", "app", "DB_PASSWORD").exit());
        services.repo.write("app/docker-compose.yml", COMPOSE.replace("  api:\n    file: $SECRETS_DIR/API_TOKEN\n", ""));
        r = cli().run("deploy", "app");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(folder, secretsFolder());
        assertEquals("n3w", Files.readString(folder.resolve("DB_PASSWORD")));
        assertFalse(Files.exists(folder.resolve("API_TOKEN")));
        assertTrue(Files.exists(folder.resolve("PEM")));

        r = cli().run("down", "app");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("compose down", recorded(2, "args").strip());
        assertEquals("yes", recorded(2, "env").strip(), "compose down runs without the .env");
        assertEquals(folder.toString(), recorded(2, "secrets_dir").strip());
        assertFalse(Files.exists(folder), "down left the secret files");
        assertFalse(services.repo.exists("app/.env"));
    }

    /**
     * Folders 0700 whoever made them: a user folder or service folder left loose (by hand, a
     * permissive umask, an older version) is tightened before a value goes in; a link where the
     * service folder goes is refused before anything runs (HELPERS: plaintext only in 0700 folders).
     */
    @Test
    void looseFoldersAreTightenedAndALinkIsRefused() throws IOException {
        Path user = runtime.resolve("secrets-" + System.getProperty("user.name"));
        Files.createDirectory(user, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.Result r = cli().run("deploy", "app");
        assertEquals(0, r.exit(), r.toString());
        Path folder = secretsFolder();
        assertEquals("rwx------", PosixModes.of(user));
        assertEquals("700", recorded(0, "dirmode").strip(), "compose saw a loose folder");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        r = cli().run("deploy", "app");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("700", recorded(1, "dirmode").strip(), "compose saw a loose folder");
        assertEquals("rwx------", PosixModes.of(folder));
        assertEquals(0, cli().run("down", "app").exit());
        assertFalse(Files.exists(folder));

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(folder, elsewhere);
        r = cli().run("deploy", "app");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("is not a folder"), r.stderr());
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(0, s.count(), "a value went through the link");
        }
        assertFalse(Files.exists(run(3)), "compose ran");
        assertFalse(services.repo.exists("app/.env"));
    }

    @Test
    void aSecretNamingNoKeyIsAnErrorBeforeAnythingRuns() throws IOException {
        services.repo.write("app/docker-compose.yml", COMPOSE + "  gone:\n    file: ${SECRETS_DIR}/NOT_THERE\n");
        for (String[] args : new String[][] {{"deploy", "app"}, {"deploy", "app", "--dry-run"}}) {
            Cli.Result r = cli().run(args);
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.stderr().contains("NOT_THERE") && r.stderr().contains("docker-compose.yml"), r.stderr());
            assertTrue(r.stderr().contains("not a key of"), r.stderr());
        }
        assertFalse(Files.exists(run(0)), "compose ran");
        assertFalse(services.repo.exists("app/.env"));
        assertEquals(null, secretsFolder());
    }

    @Test
    void noTmpfsIsRefusedUnlessSecretsDirNamesAFolder() throws IOException {
        Path disk = Files.createDirectories(tmp.resolve("not-tmpfs"));
        assumeTrue(!Files.getFileStore(disk).type().equals("tmpfs"), "the temp folder is a tmpfs here");
        Cli onDisk = cli().env("SECRETS_RUNTIME_DIR", disk.toString());
        Cli.Result r = onDisk.run("deploy", "app");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("no tmpfs") && r.stderr().contains("--secrets-dir"), r.stderr());
        assertFalse(Files.exists(run(0)), "compose ran");
        assertFalse(services.repo.exists("app/.env"));
        try (Stream<Path> s = Files.list(disk)) {
            assertEquals(0, s.count(), "something was written to disk");
        }
        // a service without secret files deploys as before
        services.repo.write("app/docker-compose.yml", "services:\n  app:\n    image: x\n");
        assertEquals(0, onDisk.run("deploy", "app").exit());
        services.repo.write("app/docker-compose.yml", COMPOSE);
        // the user's own choice of folder
        Path chosen = tmp.resolve("chosen");
        r = onDisk.run("deploy", "app", "--secrets-dir", chosen.toString());
        assertEquals(0, r.exit(), r.toString());
        Path user = chosen.resolve("secrets-" + System.getProperty("user.name"));
        try (Stream<Path> s = Files.list(user)) {
            Path folder = s.findFirst().orElseThrow();
            assertEquals("héllo ✓", Files.readString(folder.resolve("API_TOKEN")));
            assertEquals(0, onDisk.run("down", "app", "--secrets-dir", chosen.toString()).exit());
            assertFalse(Files.exists(folder));
        }
    }

    /**
     * Without SECRETS_RUNTIME_DIR the base is $XDG_RUNTIME_DIR when a tmpfs (README: "Secret files"); a
     * base that does not exist is no tmpfs: nothing is created there (it would be on disk) and the
     * refusal names what was tried.
     */
    @Test
    void xdgRuntimeDirIsTheBaseAndAMissingBaseIsNotCreated() throws IOException {
        Path missing = tmp.resolve("no-such-runtime");
        Cli.Result r = services.cli().env("PATH", bin + ":" + System.getenv("PATH")).env("SECRETS_RUNTIME_DIR", missing.toString())
                .run("deploy", "app");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("no tmpfs") && r.stderr().contains(missing.toString()), r.stderr());
        assertFalse(Files.exists(missing), "a missing base was created");
        assertFalse(Files.exists(run(0)), "compose ran");

        Cli xdg = services.cli().env("PATH", bin + ":" + System.getenv("PATH")).env("XDG_RUNTIME_DIR", runtime.toString());
        r = xdg.run("deploy", "app");
        assertEquals(0, r.exit(), r.toString());
        Path folder = secretsFolder();
        assertEquals(folder.toString(), recorded(0, "secrets_dir").strip());
        assertEquals("r--------", PosixModes.of(folder.resolve("PEM")));
        assertEquals(0, xdg.run("down", "app").exit());
        assertFalse(Files.exists(folder), "down did not find the folder under XDG_RUNTIME_DIR");
    }

    @Test
    void aFailedFirstUpRemovesTheFilesAFailedLaterUpKeepsThem() throws IOException {
        Cli.Result r = cli().env("FAKE_DOCKER_EXIT", "4").run("deploy", "app");
        assertEquals(4, r.exit(), r.toString());
        assertEquals("400", recorded(0, "mode.PEM").strip(), "compose did not see the files");
        assertEquals(null, secretsFolder(), "a failed first deploy left secret files");
        assertFalse(r.stderr().contains("secrets down removes them"), "files said kept that were removed: " + r.stderr());
        assertTrue(r.stderr().contains("exited with 4") && r.stderr().contains(".env removed"), r.stderr());
        assertEquals(0, cli().run("deploy", "app").exit());
        Path folder = secretsFolder();
        r = cli().env("FAKE_DOCKER_EXIT", "4").run("deploy", "app");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(Files.exists(folder.resolve("PEM")), "a failed redeploy took the running stack's files");
        assertTrue(r.stderr().contains("secrets down removes them"), r.stderr());
        // a failed down keeps them too (the stack may still run)
        r = cli().env("FAKE_DOCKER_EXIT", "5").run("down", "app");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(Files.exists(folder.resolve("PEM")));
        assertTrue(r.stderr().contains("secrets down removes them"), r.stderr());
        r = cli().run("down", "app");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.stderr().contains("exited with") || r.stderr().contains("secrets down removes them"), r.stderr());
        assertFalse(Files.exists(folder));
    }

    @Test
    void dryRunsNameTheFilesNeverTheValues() throws IOException {
        Cli.Result r = cli().run("deploy", "app", "--dry-run");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("secret files: ") && r.stdout().contains("{DB_PASSWORD,PEM,API_TOKEN}"), r.stdout());
        assertFalse(r.stdout().contains("p@ss") || r.stdout().contains("héllo"), r.stdout());
        assertEquals(null, secretsFolder());
        assertEquals(0, cli().run("deploy", "app").exit());
        r = cli().run("down", "app", "--dry-run");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("docker compose down") && r.stdout().contains("would remove: "), r.stdout());
        assertTrue(Files.exists(secretsFolder()));
    }

    @Test
    void aMissingComposePluginIsNamedWithTheWayOut() {
        for (String verb : List.of("deploy", "down")) {
            Cli.Result r = cli().env("FAKE_NO_PLUGIN", "1").run(verb, "app");
            assertEquals(125, r.exit(), r.toString());
            assertTrue(r.stderr().contains("the docker compose plugin was not found"), r.stderr());
            assertTrue(r.stderr().contains("SECRETS_COMPOSE") && r.stderr().contains("docker-compose")
                    && r.stderr().contains("podman-compose"), r.stderr());
            assertFalse(services.repo.exists("app/.env"));
        }
        // compose itself failing is compose's to explain: no hint
        Cli.Result r = cli().env("FAKE_DOCKER_EXIT", "1").run("deploy", "app");
        assertEquals(1, r.exit(), r.toString());
        assertFalse(r.stderr().contains("plugin"), r.stderr());
        // no such program at all
        r = cli().env("SECRETS_COMPOSE", tmp.resolve("nowhere/docker") + " compose").run("deploy", "app");
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("was not found or cannot be run") && r.stderr().contains("SECRETS_COMPOSE"), r.stderr());
        assertFalse(services.repo.exists("app/.env"));
    }

    @Test
    void downAndAuditHaveHelp() {
        Cli.Result r = new Cli().run("down", "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("Usage: secrets down") && r.stdout().contains("'compose down'")
                && r.stdout().contains("--secrets-dir"), r.stdout());
        r = new Cli().run("audit", "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("Usage: secrets audit") && r.stdout().contains("--verify"), r.stdout());
        r = new Cli().run("--help");
        assertTrue(r.stdout().contains("  down ") && r.stdout().contains("  audit "), r.stdout());
    }

    @Test
    void aComposeFileThatIsNotYamlIsNamed() {
        services.repo.write("app/docker-compose.yml", "secrets: [${SECRETS_DIR}\n  x: : :\n");
        Cli.Result r = cli().run("deploy", "app");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("docker-compose.yml: not valid YAML"), r.stderr());
        assertFalse(Files.exists(run(0)));
    }
}
