package dev.secrets.cli.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.TestRepo;
import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.config.SopsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secrets init}: the key it uses or makes, the files it writes or leaves alone, the hook chain. */
class InitCommandTest {
    /** A valid age recipient that is not the test key (age's README example). */
    static final String OTHER = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

    @TempDir
    Path tmp;

    @Test
    void usesTheKeyDecryptWouldFindAndCreatesNone() {
        GitRepo.requireGit();
        GitRepo repo = GitRepo.init(tmp).env("SOPS_AGE_KEY_FILE", TestRepo.KEY_FILE.toString());
        Cli.Result r = repo.cli().run("init");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("age key: found (public key " + TestRepo.recipient() + ")"), r.stdout());
        assertFalse(Files.exists(repo.defaultKeyFile()), "no key created when one is found");
        assertFalse(Files.exists(repo.home.resolve(".config")));
        assertTrue(repo.read(".sops.yaml").contains("age: " + TestRepo.recipient() + "\n"), repo.read(".sops.yaml"));
    }

    @Test
    void theRuleCoversEncryptedNamesOnlyAndListsTheTeam() {
        GitRepo repo = GitRepo.folder(tmp);
        Cli.Result r = repo.cli().run("init", "--age", TestRepo.recipient() + "," + OTHER);
        assertEquals(0, r.exit(), r.toString());
        assertFalse(Files.exists(repo.defaultKeyFile()), "--age: no key of one's own is made");
        SopsConfig config = ConfigLoader.load(repo.root.resolve(".sops.yaml"));
        assertEquals(1, config.creationRules().size());
        CreationRule rule = config.creationRules().get(0);
        assertEquals(java.util.List.of(TestRepo.recipient(), OTHER), rule.ageRecipients());
        for (String covered : new String[] {".env.enc", "caddy/.env.enc", "a/b/c/.env.enc", "config.enc.yaml", "x/app.enc.json",
                "x/y.enc.yml", "z.enc.env", "w.enc.ini"}) {
            assertTrue(rule.matches(covered), covered);
        }
        for (String plain : new String[] {".env", "caddy/.env", "caddy/.env.example", "docker-compose.yml", "secrets.yaml",
                "x.env.enc.bak", "x/.env.encrypted", "app.yaml"}) {
            assertFalse(rule.matches(plain), plain);
        }
        // not a git work tree: .sops.yaml and .gitignore only, and it says so
        assertTrue(r.stdout().contains("note: not a git work tree: skipped the pre-commit guard"), r.stdout());
        assertTrue(repo.read(".gitignore").lines().anyMatch(".env"::equals));
        assertTrue(repo.read(".gitignore").lines().anyMatch(".secrets-backup/"::equals));
        assertFalse(Files.exists(repo.root.resolve(".gitattributes")));
        assertFalse(Files.exists(repo.root.resolve(".git")));
    }

    @Test
    void anExistingSopsYamlIsNeverChangedInitSaysWhatToAdd() throws Exception {
        GitRepo repo = GitRepo.folder(tmp);
        String theirs = "creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: " + OTHER + "\n";
        repo.write(".sops.yaml", theirs);
        repo.write(".gitignore", "node_modules/\n.env");
        Cli.Result r = repo.cli().run("init");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(theirs, repo.read(".sops.yaml"));
        String created = Files.readAllLines(repo.defaultKeyFile()).get(1).substring("# public key: ".length());
        assertTrue(r.stdout().contains("its rule for .env.enc lacks " + created + "; add to its age: recipients"), r.stdout());
        // .gitignore: the missing names appended, what was there kept, nothing twice
        String ignore = repo.read(".gitignore");
        assertTrue(ignore.startsWith("node_modules/\n.env\n\n# "), ignore);
        assertEquals(1, ignore.lines().filter(".env"::equals).count(), ignore);
        assertTrue(ignore.lines().anyMatch(".secrets-backup/"::equals), ignore);
        // a .sops.yaml whose rules do not cover .env.enc: the rule to add is shown
        repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^prod/\n    age: " + OTHER + "\n");
        Cli.Result again = repo.cli().run("init");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.stdout().contains("no rule with keys covers .env.enc; add one:"), again.stdout());
        assertTrue(again.stdout().contains("age: " + created), again.stdout());
    }

    @Test
    void aForeignHookIsChainedAndStillRuns() throws Exception {
        GitRepo.requireGit();
        GitRepo repo = GitRepo.init(tmp).env("SOPS_AGE_KEY_FILE", TestRepo.KEY_FILE.toString());
        Path hooks = repo.root.resolve(".git/hooks");
        Path marker = tmp.resolve("foreign-hook-ran");
        String foreign = "#!/bin/sh\necho ran > '" + marker + "'\n[ -e '" + tmp.resolve("fail") + "' ] && exit 7\nexit 0\n";
        Files.writeString(hooks.resolve("pre-commit"), foreign);
        Files.setPosixFilePermissions(hooks.resolve("pre-commit"), PosixFilePermissions.fromString("rwxr-xr-x"));

        Cli.Result r = repo.cli().run("init");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(foreign, Files.readString(hooks.resolve("pre-commit.local")), "kept, as pre-commit.local");
        assertTrue(Files.readString(hooks.resolve("pre-commit")).contains(PreCommitHook.MARKER));
        assertTrue(r.stdout().contains("moved your pre-commit hook to"), r.stdout());

        repo.write("a.txt", "a\n");
        repo.ok("add", "-A");
        GitRepo.Result commit = repo.git("commit", "-q", "-m", "a");
        assertEquals(0, commit.exit(), commit.toString());
        assertTrue(Files.exists(marker), "the foreign hook ran");
        // its failure still stops the commit, before the guard runs
        Files.delete(marker);
        Files.writeString(tmp.resolve("fail"), "");
        repo.write("b.txt", "b\n");
        repo.ok("add", "-A");
        GitRepo.Result failed = repo.git("commit", "-q", "-m", "b");
        assertEquals(1, failed.exit(), failed.toString());
        assertTrue(Files.exists(marker));

        // run again: the chain is in place, nothing changes
        Cli.Result again = repo.cli().run("init");
        assertTrue(again.stdout().contains("nothing to change"), again.stdout());
        assertEquals(foreign, Files.readString(hooks.resolve("pre-commit.local")));
    }

    @Test
    void aHookThatCannotBeChainedIsLeftAloneWithTheLineToAdd() throws Exception {
        GitRepo.requireGit();
        GitRepo repo = GitRepo.init(tmp).withTestKey();
        new TestRepo(repo.root);
        repo.write(".gitignore", ".env\n");
        Path hooks = repo.root.resolve(".git/hooks");
        Files.writeString(hooks.resolve("pre-commit"), "#!/bin/sh\nexit 0\n");
        Files.writeString(hooks.resolve("pre-commit.local"), "#!/bin/sh\nexit 0\n");
        Cli.Result r = repo.cli().run("init");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("#!/bin/sh\nexit 0\n", Files.readString(hooks.resolve("pre-commit")));
        assertTrue(r.stdout().contains("add this line to it: " + repo.launcher + " guard || exit 1"), r.stdout());
        // validate names what is missing and the init line; it does not fail for it
        Cli.Result v = repo.cli().run("validate");
        assertEquals(0, v.exit(), v.toString());
        assertTrue(v.stdout().contains("WARNING .git/hooks/pre-commit: no pre-commit hook runs secrets guard"), v.stdout());
        assertTrue(v.stdout().contains("(run: secrets init)"), v.stdout());
        assertFalse(v.stdout().contains("git config"), "the drivers were set: " + v.stdout());
    }

    @Test
    void validateWarnsAboutAGitRepoWithoutInitAndNotAfter() {
        GitRepo.requireGit();
        GitRepo repo = GitRepo.init(tmp).withTestKey();
        new TestRepo(repo.root);
        repo.write(".gitignore", ".env\n");
        Cli.Result before = repo.cli().run("validate");
        assertEquals(0, before.exit(), before.toString());
        assertEquals(2, before.stdout().lines().count(), before.stdout());
        assertTrue(before.stdout().contains("WARNING git config: git diff and merge drivers for sops files not set "
                + "(diff.sops.textconv, merge.sops.driver): run: secrets init"), before.stdout());
        assertTrue(before.stderr().contains("0 error(s), 2 warning(s)"), before.stderr());
        assertEquals(0, repo.cli().run("init").exit());
        Cli.Result after = repo.cli().run("validate");
        assertEquals(0, after.exit(), after.toString());
        assertEquals("", after.stdout());
    }

    @Test
    void aDamagedDefaultKeyFileIsReportedNotReplaced() throws Exception {
        GitRepo repo = GitRepo.folder(tmp);
        Files.createDirectories(repo.defaultKeyFile().getParent());
        Files.writeString(repo.defaultKeyFile(), "# nothing here\n");
        Cli.Result r = repo.cli().run("init");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("exists but holds no age identity"), r.stderr());
        assertEquals("# nothing here\n", Files.readString(repo.defaultKeyFile()));
        assertFalse(Files.exists(repo.root.resolve(".sops.yaml")));
    }
}
