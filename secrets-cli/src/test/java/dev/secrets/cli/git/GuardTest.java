package dev.secrets.cli.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secrets guard} over real git indexes (run in-process after {@code git add}): what it refuses
 * and why, that it reads the staged bytes and not the work tree, and what it does without a key.
 */
class GuardTest {
    static final String SENTINEL = "sentinel-v4lue-never-printed";
    static final String OTHER = InitCommandTest.OTHER;

    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void setUp() {
        GitRepo.requireGit();
        repo = GitRepo.init(tmp).withTestKey();
        Cli.Result init = repo.cli().run("init", "--age", TestRepo.recipient());
        assertEquals(0, init.exit(), init.toString());
    }

    private void service(String name) {
        repo.write(name + "/compose.yaml", NewUserFlowTest.COMPOSE);
        repo.write(name + "/.env", "PASS=" + SENTINEL + "\nUSER=admin\n");
        Cli.Result r = repo.cli().run("encrypt", name);
        assertEquals(0, r.exit(), r.toString());
    }

    private Cli.Result guard() {
        repo.ok("add", "-A", "-f");
        Cli.Result r = repo.cli().run("guard");
        assertFalse(r.stdout().contains(SENTINEL) || r.stderr().contains(SENTINEL), "a value was printed: " + r);
        return r;
    }

    private static List<String> lines(Cli.Result r, String severity) {
        List<String> out = new ArrayList<>();
        r.stderr().lines().filter(l -> l.startsWith("secrets guard: " + severity + " ")).forEach(out::add);
        return out;
    }

    @Test
    void plaintextWhereEncryptedBelongsIsRefusedFileByFile() {
        service("d");
        repo.write("a/.env.enc", "PASS=" + SENTINEL + "\n");
        repo.write("config/app.enc.yaml", "password: " + SENTINEL + "\n");
        repo.write("b/secrets.yaml", "password: " + SENTINEL + "\n");
        repo.write("c/compose.yaml", NewUserFlowTest.COMPOSE);
        repo.write("c/.env", "PASS=" + SENTINEL + "\n");
        repo.write("c/.env.example", "PASS=\n");
        repo.write("d/.env.production", "PASS=" + SENTINEL + "\n");
        repo.write("tools/.env", "EDITOR=vi\n"); // no compose file, no .env.enc: not a service's secrets
        repo.write("README.md", "# ENC[AES256_GCM, is how sops marks values\n");
        repo.write("x/backup.tar.enc", "Salted__\u0001\u0002 not sops, encrypted by openssl\n"); // a bare .enc is not sops' name
        repo.write("x/db.yaml.enc", "password: " + SENTINEL + "\n");

        Cli.Result r = guard();
        assertEquals(1, r.exit(), r.toString());
        List<String> refused = lines(r, "REFUSED");
        List<String> expected = List.of(
                "secrets guard: REFUSED a/.env.enc: plaintext: the rule (^|/)(\\.env\\.enc|[^/]*\\.enc\\.(ya?ml|json|env|ini))$ "
                        + "of .sops.yaml says it is encrypted, but it holds no sops metadata; unstage it (git rm --cached a/.env.enc)",
                "secrets guard: REFUSED b/secrets.yaml: plaintext: named like an encrypted file",
                "secrets guard: REFUSED c/.env: plaintext .env beside compose.yaml: unstage it (git rm --cached c/.env)",
                "secrets guard: REFUSED config/app.enc.yaml: plaintext: the rule",
                "secrets guard: REFUSED d/.env.production: plaintext .env.production beside .env.enc",
                "secrets guard: REFUSED x/db.yaml.enc: plaintext: named like an encrypted file");
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(i < refused.size() && refused.get(i).startsWith(expected.get(i)), "expected " + expected.get(i) + "\n" + r.stderr());
        }
        assertEquals(expected.size(), refused.size(), r.stderr());
        assertTrue(r.stderr().contains("secrets guard: 1 sops file(s) staged, MAC verified for 1\n"), r.stderr());
        assertTrue(r.stderr().contains("secrets guard: commit refused: 6 file(s) above"), r.stderr());
    }

    @Test
    void brokenAndTamperedSopsFilesAreRefused() throws Exception {
        service("good");
        service("nomac");
        service("tampered");
        String good = repo.read("good/.env.enc");
        repo.write("nomac/.env.enc", String.join("\n", good.lines().filter(l -> !l.startsWith("sops_mac=")).toList()) + "\n");
        // a whole entry dropped: an empty value would not do, sops leaves those out of the MAC
        repo.write("tampered/.env.enc", String.join("\n", good.lines().filter(l -> !l.startsWith("PASS=")).toList()) + "\n");
        repo.write("broken/app.enc.yaml", "password: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\nsops: [unclosed\n");

        Cli.Result r = guard();
        assertEquals(1, r.exit(), r.toString());
        List<String> refused = lines(r, "REFUSED");
        assertEquals(3, refused.size(), r.stderr());
        assertTrue(refused.get(0).startsWith("secrets guard: REFUSED broken/app.enc.yaml: does not parse as yaml: "), r.stderr());
        assertEquals("secrets guard: REFUSED nomac/.env.enc: has no MAC: sops always writes one, so the file was altered "
                + "or not written by sops", refused.get(1));
        assertEquals("secrets guard: REFUSED tampered/.env.enc: MAC does not verify: the file was modified or corrupted "
                + "since sops wrote it", refused.get(2));
        assertTrue(r.stderr().contains("3 sops file(s) staged, MAC verified for 1\n"), r.stderr());

        // without a key: the MAC cannot be checked and is not held against the commit; a missing MAC still is
        repo.env("SOPS_AGE_KEY_FILE", null);
        repo.write("tampered/.env.enc", good);
        Cli.Result noKey = guard();
        assertEquals(1, noKey.exit(), noKey.toString());
        assertEquals(List.of(refused.get(0), refused.get(1)), lines(noKey, "REFUSED"));
        assertTrue(noKey.stderr().contains("MAC not verified for 2 (no key opens them here; committing needs none)"), noKey.stderr());
    }

    @Test
    void manyFilesAreCheckedInParallelAndReportedInOrder() {
        for (int i = 0; i < 12; i++) {
            service("s" + (char) ('a' + i));
        }
        String good = repo.read("sa/.env.enc");
        String tampered = String.join("\n", good.lines().filter(l -> !l.startsWith("PASS=")).toList()) + "\n";
        repo.write("sc/.env.enc", tampered);
        repo.write("sg/.env.enc", "PASS=" + SENTINEL + "\n");
        repo.write("sk/.env.enc", tampered);
        Cli.Result r = guard();
        assertEquals(1, r.exit(), r.toString());
        List<String> refused = lines(r, "REFUSED");
        assertEquals(3, refused.size(), r.stderr());
        assertTrue(refused.get(0).startsWith("secrets guard: REFUSED sc/.env.enc: MAC does not verify"), r.stderr());
        assertTrue(refused.get(1).startsWith("secrets guard: REFUSED sg/.env.enc: plaintext"), r.stderr());
        assertTrue(refused.get(2).startsWith("secrets guard: REFUSED sk/.env.enc: MAC does not verify"), r.stderr());
        assertTrue(r.stderr().contains("11 sops file(s) staged, MAC verified for 9\n"), r.stderr());
    }

    @Test
    void theStagedBytesCountNotTheWorkTree() throws Exception {
        service("s");
        String encrypted = repo.read("s/.env.enc");
        repo.write("s/.env.enc", "PASS=" + SENTINEL + "\n");
        repo.ok("add", "s/.env.enc");
        repo.write("s/.env.enc", encrypted); // fixed in the work tree, not in the index
        Cli.Result r = repo.cli().run("guard");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("REFUSED s/.env.enc: plaintext"), r.stderr());

        repo.ok("add", "s/.env.enc");
        repo.write("s/.env.enc", "PASS=" + SENTINEL + "\n"); // broken in the work tree only
        Cli.Result ok = repo.cli().run("guard");
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.stderr().contains("1 sops file(s) staged, MAC verified for 1"), ok.stderr());
    }

    @Test
    void recipientsThatDifferFromTheRuleAreAWarning() {
        service("s");
        repo.write(".sops.yaml", repo.read(".sops.yaml").replace(TestRepo.recipient(), TestRepo.recipient() + "," + OTHER));
        Cli.Result r = guard();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("secrets guard: WARNING s/.env.enc: recipients differ from the rule in .sops.yaml: missing age "
                + OTHER + " (secrets updatekeys s/.env.enc)"), lines(r, "WARNING"));
    }

    @Test
    void aCatchAllRuleCoversNoFileAndNothingStagedIsFine() {
        Cli.Result empty = repo.cli().run("guard");
        assertEquals(0, empty.exit(), empty.toString());
        assertEquals("", empty.stderr());
        new TestRepo(repo.root); // .sops.yaml with a rule for .env.enc and a catch-all rule
        repo.write("app/docker-compose.yml", NewUserFlowTest.COMPOSE);
        repo.write("app/config.yaml", "debug: true\n");
        repo.write("notes.txt", "hello\n");
        Cli.Result r = guard();
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.stderr());
    }

    @Test
    void aSopsFileOfAnyNameIsVerified() throws Exception {
        new TestRepo(repo.root); // its catch-all rule encrypts app/settings.yaml for the test key
        repo.write("app/settings.yaml", "password: " + SENTINEL + "\nport: 8080\n");
        Cli.Result enc = repo.cli().run("encrypt", "-i", "app/settings.yaml");
        assertEquals(0, enc.exit(), enc.toString());
        Cli.Result ok = guard();
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.stderr().contains("1 sops file(s) staged, MAC verified for 1"), ok.stderr());
        String text = repo.read("app/settings.yaml");
        repo.write("app/settings.yaml", text.replaceFirst("(?m)^port: .*\n", ""));
        Cli.Result r = guard();
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("REFUSED app/settings.yaml: MAC does not verify"), r.stderr());
    }

    @Test
    void outsideAGitWorkTreeIsAnError() {
        Cli.Result r = new Cli().dir(tmp).env("GIT_CEILING_DIRECTORIES", tmp.toString()).run("guard");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("is not in a git work tree"), r.stderr());
    }
}
