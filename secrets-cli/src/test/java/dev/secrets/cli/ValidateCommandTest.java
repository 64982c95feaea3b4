package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secrets validate}: one planted problem of each kind is found, and only those; a clean repo passes. */
class ValidateCommandTest {
    /** A valid age recipient that is not the test key (age's README example). */
    static final String OTHER = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    static final String SENTINEL = "sentinel-v4lue-never-printed";

    @TempDir
    Path tmp;
    ServiceRepo repo;

    @BeforeEach
    void setUp() {
        repo = new ServiceRepo(tmp);
    }

    void cleanService(String name) {
        repo.service(name, "# " + name + "\nPASS=" + SENTINEL + "\nEMPTY_IS_FINE=\n");
    }

    @Test
    void cleanRepoHasNoFindingsAndExitsZero() {
        cleanService("a");
        cleanService("b");
        repo.repo.write("b/secrets.types", "PASS=password:32\n");
        Cli.Result r = repo.cli().run("validate");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals("", r.stdout());
        Cli.Result all = repo.cli().run("validate", "--all", "a");
        assertEquals(0, all.exit(), all.stdout() + all.stderr());
        // a secrets.types that does not parse is a finding of its own
        repo.repo.write("b/secrets.types", "PASS=pasword:32\n");
        Cli.Result bad = repo.cli().run("validate");
        assertEquals(1, bad.exit());
        assertTrue(bad.stdout().startsWith("ERROR b/secrets.types: line 1: invalid secret type 'pasword:32'"), bad.stdout());
        assertEquals(1, bad.stdout().strip().split("\n").length, bad.stdout());
    }

    @Test
    void everyPlantedProblemIsFoundAndNothingElse() throws IOException {
        cleanService("clean");
        // stale recipient: encrypted for the test key and OTHER, then OTHER leaves .sops.yaml
        String rules = "creation_rules:\n  - path_regex: ^stale/\n    age: " + TestRepo.recipient() + "," + OTHER
                + "\n  - path_regex: \\.env\\.enc$\n    age: " + TestRepo.recipient() + "\n";
        repo.repo.write(".sops.yaml", rules);
        repo.service("stale", "PASS=" + SENTINEL + "\n");
        repo.repo.write(".sops.yaml", rules.replace("," + OTHER, ""));
        repo.service("placeholder", "PASS=" + SENTINEL + "\nAPI_TOKEN=CHANGE_ME\n");
        cleanService("plain");
        repo.repo.write("plain/.env", "PASS=" + SENTINEL + "\n");
        cleanService("notignored");
        repo.repo.write("notignored/.gitignore", "!.env\n");
        cleanService("tampered");
        Path tampered = repo.repo.root.resolve("tampered/.env.enc");
        List<String> lines = new ArrayList<>(Files.readAllLines(tampered));
        // drop a whole entry (an empty value would not do: sops leaves empty values out of the MAC)
        lines.removeIf(l -> l.startsWith("PASS="));
        Files.write(tampered, lines);
        repo.service("exportline", "export API_KEY=" + SENTINEL + "\nOK=1\n");
        Files.setPosixFilePermissions(repo.keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        Cli.Result r = repo.cli().run("validate");
        assertEquals(1, r.exit(), r.toString());
        List<String> found = Arrays.asList(r.stdout().strip().split("\n"));
        List<String> expected = List.of(
                "ERROR " + repo.keyFile + ": age key file has mode 0644",
                "ERROR stale/.env.enc: stale recipient age " + OTHER,
                "ERROR placeholder/.env.enc: API_TOKEN is a placeholder",
                "ERROR plain/.env: plaintext .env beside .env.enc",
                "ERROR notignored/.env: .env is not ignored by git",
                "ERROR tampered/.env.enc: does not open: MAC mismatch",
                "WARNING exportline/.env.enc: line 'export API_KEY=':");
        for (String e : expected) {
            assertEquals(1, found.stream().filter(l -> l.startsWith(e)).count(), "expected once: " + e + "\n" + r.stdout());
        }
        assertEquals(expected.size(), found.size(), "only the planted problems:\n" + r.stdout());
        assertFalse(r.stdout().contains(SENTINEL) || r.stderr().contains(SENTINEL), "a value was printed");
        // naming services limits the check to them (the key file is always checked)
        Cli.Result one = repo.cli().run("validate", "clean");
        assertEquals(1, one.exit());
        assertEquals(1, one.stdout().strip().split("\n").length, one.stdout());
        Files.setPosixFilePermissions(repo.keyFile, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, repo.cli().run("validate", "clean").exit());
    }

    @Test
    void spacesAroundEqualsAreWarnedByKeyName() {
        repo.service("spaced", "NAME = " + SENTINEL + "\nGOOD=1\n");
        Cli.Result r = repo.cli().run("validate");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(Pattern.compile("^WARNING spaced/\\.env\\.enc: key 'NAME': spaces around '='", Pattern.MULTILINE)
                .matcher(r.stdout()).find(), r.stdout());
        assertEquals(1, r.stdout().strip().split("\n").length, r.stdout());
        assertFalse(r.stdout().contains(SENTINEL));
    }

    @Test
    void otherSopsFilesAreCheckedWithAll() {
        cleanService("a");
        repo.repo.write("config/app.yaml", "password: " + SENTINEL + "\n");
        Cli.Result enc = repo.cli().run("encrypt", "-i", "config/app.yaml");
        assertEquals(0, enc.exit(), enc.toString());
        assertEquals(0, repo.cli().run("validate", "--all").exit());
        repo.repo.write(".sops.yaml", "creation_rules:\n  - age: " + OTHER + "\n");
        Cli.Result r = repo.cli().run("validate", "--all");
        assertEquals(1, r.exit());
        assertTrue(r.stdout().contains("ERROR config/app.yaml: stale recipient age " + TestRepo.recipient()), r.stdout());
        assertTrue(r.stdout().contains("ERROR config/app.yaml: missing recipient age " + OTHER), r.stdout());
    }

    @Test
    void insideAGitWorkTreeGitDecides() throws Exception {
        assumeTrue(git("--version") == 0, "git is not installed");
        cleanService("a");
        Files.delete(repo.repo.root.resolve(".gitignore"));
        assertEquals(0, git("init", "-q", repo.repo.root.toString()));
        Cli.Result r = repo.cli().run("validate");
        assertEquals(1, r.exit());
        assertTrue(r.stdout().startsWith("ERROR a/.env: .env is not ignored by git (git check-ignore)"), r.stdout());
        repo.repo.write(".git/info/exclude", ".env\n");
        Cli.Result ok = repo.cli().run("validate");
        assertEquals(0, ok.exit(), ok.stdout());
    }

    static int git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
