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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code deploy} against a real container engine: podman, driven by podman-compose (which runs the
 * podman CLI) and by docker-compose v1 (which talks to podman's Docker API on a unix socket). Each
 * scenario runs through both. Skipped, with a {@code SKIPPED:} line, where podman cannot run a container.
 *
 * <p>The service uses {@code env_file: .env}, the usual way values reach a container, and also names
 * every key in {@code environment:} as {@code I_KEY: ${KEY}}, which compose fills from the same
 * {@code .env} (its interpolation file); the container writes its environment
 * ({@code /proc/1/environ}: exact bytes, NUL-separated) to a host folder. The six tests take 75-90 s
 * on the shared 2-core machine (docker-compose 12-22 s a test, podman-compose 8-13 s, the engine ~4 s).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RealEngineTest {
    enum Compose {
        PODMAN_COMPOSE("podman-compose", "pc"),
        DOCKER_COMPOSE("docker-compose", "dc");

        final String command;
        final String tag;

        Compose(String command, String tag) {
            this.command = command;
            this.tag = tag;
        }
    }

    /** A fake key in PEM form (the body is not a key). */
    static final String PEM = "-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeK\n"
            + "Ls1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwE=\n-----END TEST KEY-----";
    static final String SAME = null;

    /**
     * One key: its line(s) in the plaintext given to {@code encrypt}, the value secrets holds (sops'
     * dotenv rules: {@code \n} is a newline, nothing else is unquoted or unescaped), and what the
     * container received through podman-compose's env_file, docker-compose's env_file, and {@code ${KEY}}
     * (the same with both tools); {@link #SAME} where that is the value itself.
     *
     * <p>Why they differ. The decrypted {@code .env} that deploy writes holds each value on one line
     * after {@code KEY=}, newlines as {@code \n} (sops' dotenv encoding, both for sops' own PEM form and
     * for our double-quoted multi-line block, whose quotes are part of the value).
     * podman-compose 1.0.3 passes env_file to {@code podman run --env-file}, and podman takes the text
     * after the first {@code =} as it is: no quote removal, no comments, no interpolation, and no
     * unescaping, so a newline arrives as the two characters {@code \n}.
     * docker-compose 1.29 reads env_file, and both tools read {@code .env} for {@code ${KEY}}, with
     * python-dotenv: an unquoted value is trimmed and {@code " #"} starts a comment; surrounding single
     * or double quotes are removed, and inside double quotes {@code \n} becomes a newline; {@code ${VAR}}
     * is replaced (from the lines above, or compose's environment); {@code $VAR} and {@code $$} stay.
     */
    record Case(String key, String line, String value, String podmanComposeEnvFile, String dockerComposeEnvFile,
                String interpolated) {
        String viaEnvFile(Compose compose) {
            String got = compose == Compose.PODMAN_COMPOSE ? podmanComposeEnvFile : dockerComposeEnvFile;
            return got == SAME ? value : got;
        }

        String viaInterpolation() {
            return interpolated == SAME ? value : interpolated;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("SPACES", "a b  c", "a b  c", SAME, SAME, SAME),
            new Case("PADDED", "  padded  ", "  padded  ", SAME, "padded", "padded"),
            new Case("HASH", "abc#def", "abc#def", SAME, SAME, SAME),
            new Case("HASH_AFTER_SPACE", "abc #def", "abc #def", SAME, "abc", "abc"),
            new Case("SINGLE_QUOTED", "'single quoted'", "'single quoted'", SAME, "single quoted", "single quoted"),
            new Case("APOSTROPHE", "it's", "it's", SAME, SAME, SAME),
            new Case("DOUBLE_QUOTED", "\"double quoted\"", "\"double quoted\"", SAME, "double quoted", "double quoted"),
            new Case("INNER_QUOTES", "say \"hi\" now", "say \"hi\" now", SAME, SAME, SAME),
            new Case("DOLLAR", "pa$word", "pa$word", SAME, SAME, SAME),
            new Case("DOLLAR_BRACES", "pa${SPACES}x", "pa${SPACES}x", SAME, "paa b  cx", "paa b  cx"),
            new Case("DOUBLE_DOLLAR", "$$x", "$$x", SAME, SAME, SAME),
            new Case("UNICODE", "héllo wörld ✓ 日本", "héllo wörld ✓ 日本", SAME, SAME, SAME),
            new Case("BACKSLASH", "back\\slash\\t", "back\\slash\\t", SAME, SAME, SAME),
            // sops' own form: one line, \n escapes. No route decodes them: the container never gets the PEM.
            new Case("PEM", escaped(PEM), PEM, escaped(PEM), escaped(PEM), escaped(PEM)),
            // our multi-line block in double quotes: the value keeps the quotes; python-dotenv decodes it
            new Case("PEM_QUOTED", "\"" + PEM + "\"", "\"" + PEM + "\"", "\"" + escaped(PEM) + "\"", PEM, PEM),
            new Case("EQUALS", "a=b=c", "a=b=c", SAME, SAME, SAME));

    static PodmanEngine engine;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startEngine() throws IOException {
        engine = PodmanEngine.startOrReport(); // once: its SKIPPED line says why not
    }

    @BeforeEach
    void requireEngine() {
        assumeTrue(engine != null, "podman cannot run a container here");
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (engine != null) {
            engine.removeContainersAndNetworks();
        }
    }

    @ParameterizedTest
    @EnumSource(Compose.class)
    void containerReceivesTheDecryptedValues(Compose compose) throws IOException {
        requireInstalled(compose);
        String name = "values" + compose.tag;
        ServiceRepo services = new ServiceRepo(tmp);
        StringBuilder plain = new StringBuilder();
        CASES.forEach(c -> plain.append(c.key()).append('=').append(c.line()).append('\n'));
        services.service(name, plain.toString());
        Path out = Files.createDirectories(tmp.resolve("out"));
        StringBuilder yml = new StringBuilder(service(PodmanEngine.IMAGE)).append("    environment:\n");
        CASES.forEach(c -> yml.append("      I_").append(c.key()).append(": ${").append(c.key()).append("}\n"));
        yml.append("    volumes:\n      - ").append(out).append(":/out\n")
                .append("    command: [\"sh\", \"-c\", \"cat /proc/1/environ > /out/environ\"]\n");
        services.repo.write(name + "/docker-compose.yml", yml + INTERNAL_NETWORK);

        // what secrets holds: exec-env hands the decrypted values to a command as they are
        Cli.Result held = services.cli().run("exec-env", name, "--", "cat", "/proc/self/environ");
        assertEquals(0, held.exit(), held.toString());
        Map<String, String> secrets = environ(held.stdoutBytes());
        for (Case c : CASES) {
            assertEquals(c.value(), secrets.get(c.key()), c.key() + " as secrets decrypts it");
        }

        Cli.Result r = deploy(services, compose).run("deploy", name);
        assertEquals(0, r.exit(), r.toString());
        assertFalse(services.repo.exists(name + "/.env"), ".env left after deploy");
        List<String> ids = engine.containers(name);
        assertEquals(1, ids.size(), "containers of " + name + ": " + ids + "\n" + r.stdout() + r.stderr());
        PodmanEngine.Result waited = engine.podman("wait", ids.get(0));
        assertEquals("0", waited.stdout().strip(), waited.toString());
        Map<String, String> received = environ(Files.readAllBytes(out.resolve("environ")));
        for (Case c : CASES) {
            assertEquals(c.viaEnvFile(compose), received.get(c.key()), c.key() + " through env_file");
            assertEquals(c.viaInterpolation(), received.get("I_" + c.key()), c.key() + " through ${" + c.key() + "}");
        }
    }

    @ParameterizedTest
    @EnumSource(Compose.class)
    void composeFailureLeavesNoEnv(Compose compose) {
        requireInstalled(compose);
        String name = "missing" + compose.tag;
        ServiceRepo services = new ServiceRepo(tmp);
        services.service(name, "TOKEN=t0ken\n");
        // registries.conf blocks localhost: the pull fails at once, without a network
        services.repo.write(name + "/docker-compose.yml", service("localhost/secrets-test-missing:1") + INTERNAL_NETWORK);

        Cli.Result r = deploy(services, compose).run("deploy", name);
        assertFalse(services.repo.exists(name + "/.env"), ".env left after a failed deploy");
        assertEquals(List.of(), engine.containers(name));
        if (compose == Compose.DOCKER_COMPOSE) {
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.stderr().contains("exited with 1"), r.stderr());
        } else {
            // podman-compose 1.0.3 prints podman's failure and exits 0 all the same (README: "What the
            // container receives"); if this starts to fail, podman-compose reports failures now
            assertTrue(r.stdout().contains("exit code: 125"), r.stdout());
            assertEquals(0, r.exit(), r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Compose.class)
    void sigtermDuringUpLeavesNoEnv(Compose compose) throws Exception {
        requireInstalled(compose);
        String name = "sigterm" + compose.tag;
        ServiceRepo services = new ServiceRepo(tmp);
        services.service(name, "TOKEN=t0ken\n");
        List<ProcessHandle> started = List.of();
        try (StalledRegistry registry = new StalledRegistry()) {
            services.repo.write(name + "/docker-compose.yml", service(registry.image("secrets-test-stalled")) + INTERNAL_NETWORK);
            Path log = tmp.resolve("deploy.log");
            Process p = deploy(services, compose).builder("deploy", name).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                assertTrue(registry.awaitConnection(90), "compose never reached the image pull: " + Files.readString(log));
                Path env = services.repo.root.resolve(name + "/.env");
                assertTrue(Files.exists(env), ".env absent while compose runs");
                assertEquals("rw-------", PosixModes.of(env));
                started = p.descendants().toList();
                new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "deploy did not stop on SIGTERM");
                assertFalse(Files.exists(env), ".env left after SIGTERM: " + Files.readString(log));
                assertNotEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        } finally {
            // podman-compose's `podman run` outlives it (it is not signalled); end it by its id
            for (ProcessHandle h : started) {
                h.destroyForcibly();
                h.onExit().get(20, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Secret files: compose {@code secrets:} with {@code file: ${SECRETS_DIR}/KEY}; the container reads
     * {@code /run/secrets/NAME} and gets the value byte for byte (the PEM with real newlines, quotes,
     * {@code $} and {@code #} untouched: no dotenv parsing on this route), again when it is started
     * again after deploy has ended; {@code down} removes the stack and then the files.
     */
    @ParameterizedTest
    @EnumSource(Compose.class)
    void containerReadsSecretFilesAndDownRemovesThem(Compose compose) throws IOException {
        requireInstalled(compose);
        Path shm = Path.of("/dev/shm");
        boolean tmpfs = Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs");
        if (!tmpfs) {
            System.err.println("SKIPPED: /dev/shm is not a tmpfs here; the real-engine secret-file test not run");
        }
        assumeTrue(tmpfs, "no tmpfs at /dev/shm");
        String name = "files" + compose.tag;
        ServiceRepo services = new ServiceRepo(tmp);
        String db = "p@ss \"w\" 'q' $x ${SPACES} #1 ";
        services.service(name, "DB_PASSWORD=" + db + "\nPEM=" + escaped(PEM) + "\nUNICODE=héllo ✓ 日本\n");
        Path out = Files.createDirectories(tmp.resolve("out"));
        services.repo.write(name + "/docker-compose.yml", "services:\n  app:\n    image: " + PodmanEngine.IMAGE + "\n"
                + "    secrets: [db_password, pem, UNICODE]\n"
                + "    volumes:\n      - " + out + ":/out\n"
                + "    command: [\"sh\", \"-c\", \"cat /run/secrets/db_password > /out/db; cat /run/secrets/pem > /out/pem; "
                + "cat /run/secrets/UNICODE > /out/unicode\"]\n"
                + "secrets:\n  db_password:\n    file: ${SECRETS_DIR}/DB_PASSWORD\n  pem:\n    file: ${SECRETS_DIR}/PEM\n"
                + "  UNICODE:\n    file: $SECRETS_DIR/UNICODE\n" + INTERNAL_NETWORK);
        Path runtime = Files.createTempDirectory(Path.of("/dev/shm"), "secrets-test-runtime-");
        try {
            Cli cli = deploy(services, compose).env("SECRETS_RUNTIME_DIR", runtime.toString());
            Cli.Result r = cli.run("deploy", name);
            assertEquals(0, r.exit(), r.toString());
            assertFalse(services.repo.exists(name + "/.env"), ".env left after deploy");
            List<String> ids = engine.containers(name);
            assertEquals(1, ids.size(), "containers of " + name + ": " + ids + "\n" + r.stdout() + r.stderr());
            PodmanEngine.Result waited = engine.podman("wait", ids.get(0));
            assertEquals("0", waited.stdout().strip(), waited + "\n" + engine.podman("logs", ids.get(0)));
            assertEquals(db, Files.readString(out.resolve("db"), StandardCharsets.UTF_8));
            assertEquals(PEM, Files.readString(out.resolve("pem"), StandardCharsets.UTF_8));
            assertEquals("héllo ✓ 日本", Files.readString(out.resolve("unicode"), StandardCharsets.UTF_8));
            Path folder;
            try (var user = Files.list(runtime.resolve("secrets-" + System.getProperty("user.name")))) {
                folder = user.findFirst().orElseThrow();
            }
            assertEquals("r--------", PosixModes.of(folder.resolve("PEM")), "the stack's files are kept while it runs");
            // the container starts again (as after a reboot or a crash) and reads them again
            Files.delete(out.resolve("db"));
            PodmanEngine.Result restarted = engine.podman("start", ids.get(0));
            assertEquals(0, restarted.exit(), restarted.toString());
            waited = engine.podman("wait", ids.get(0));
            assertEquals("0", waited.stdout().strip(), waited + "\n" + engine.podman("logs", ids.get(0)));
            assertEquals(db, Files.readString(out.resolve("db"), StandardCharsets.UTF_8), "read again after a restart");

            r = cli.run("down", name);
            assertEquals(0, r.exit(), r.toString());
            assertEquals(List.of(), engine.containers(name), "down left containers: " + r);
            assertFalse(Files.exists(folder), "down left the secret files");
            assertFalse(services.repo.exists(name + "/.env"), ".env left after down");
        } finally {
            dev.secrets.sops.files.FileTrees.delete(runtime);
        }
    }

    static final String INTERNAL_NETWORK = "networks:\n  default:\n    internal: true\n";

    /** A service {@code app} with {@code env_file: .env}; the caller appends keys under it. */
    static String service(String image) {
        return "services:\n  app:\n    image: " + image + "\n    env_file: .env\n";
    }

    static Cli deploy(ServiceRepo services, Compose compose) {
        Cli cli = services.cli().env("SECRETS_COMPOSE", compose.command);
        engine.env().forEach(cli::env);
        return cli;
    }

    static void requireInstalled(Compose compose) {
        if (!PodmanEngine.onPath(compose.command)) {
            System.err.println("SKIPPED: " + compose.command + " is not installed; its real-engine deploy tests not run");
        }
        assumeTrue(PodmanEngine.onPath(compose.command), compose.command + " is not installed");
    }

    /** A NUL-separated environment block (/proc/PID/environ) as a map. */
    static Map<String, String> environ(byte[] block) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : new String(block, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    static String escaped(String value) {
        return value.replace("\n", "\\n");
    }
}
