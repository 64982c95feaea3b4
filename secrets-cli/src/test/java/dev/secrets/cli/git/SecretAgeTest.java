package dev.secrets.cli.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The age of each secret from git history: commits dated by the test (a week ago, a day ago); a
 * value's ciphertext line changes only when the value does, so `list` dates each key by the commit
 * that wrote its current line, and `list --older-than` lists the ones due.
 */
class SecretAgeTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    final Instant weekAgo = Instant.now().minus(Duration.ofDays(7));
    final Instant dayAgo = Instant.now().minus(Duration.ofDays(1));

    @BeforeEach
    void setUp() throws Exception {
        GitRepo.requireGit();
        repo = GitRepo.init(tmp).withTestKey();
        Files.writeString(repo.root.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: "
                + TestRepo.recipient() + "\n");
        Files.createDirectories(repo.root.resolve("alpha"));
        Files.writeString(repo.root.resolve("alpha/.env"), "OLD_KEY=old-sentinel-1\nFRESH_KEY=fresh-sentinel-1\n");
        assertEquals(0, repo.cli().run("encrypt", "alpha").exit());
        commitAt(weekAgo, "alpha");
        // a day ago: FRESH_KEY gets a new value; OLD_KEY keeps its ciphertext
        assertEquals(0, repo.cli().stdin("fresh-sentinel-2").run("set", "alpha", "FRESH_KEY").exit());
        Files.createDirectories(repo.root.resolve("beta"));
        Files.writeString(repo.root.resolve("beta/.env"), "BETA_KEY=beta-sentinel\n");
        assertEquals(0, repo.cli().run("encrypt", "beta").exit());
        commitAt(dayAgo, "fresh and beta");
    }

    private void commitAt(Instant when, String message) {
        String date = "@" + when.getEpochSecond() + " +0000";
        repo.env("GIT_AUTHOR_DATE", date).env("GIT_COMMITTER_DATE", date);
        repo.ok("add", "-A");
        repo.ok("commit", "-q", "-m", message);
        repo.env("GIT_AUTHOR_DATE", null).env("GIT_COMMITTER_DATE", null);
    }

    static String day(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC).toString();
    }

    @Test
    void listDatesEachKeyByTheCommitThatWroteItsValue() {
        Cli.Result r = repo.cli().run("list");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().matches("(?s).*\\nalpha\\s+OLD_KEY\\s+OK\\s+service\\s+" + day(weekAgo) + " \\(7d\\)\\n.*"), r.stdout());
        assertTrue(r.stdout().matches("(?s).*\\nalpha\\s+FRESH_KEY\\s+OK\\s+service\\s+" + day(dayAgo) + " \\(1d\\)\\n.*"), r.stdout());
        assertTrue(r.stdout().matches("(?s).*\\nbeta\\s+BETA_KEY\\s+OK\\s+service\\s+" + day(dayAgo) + " \\(1d\\)\\n.*"), r.stdout());
        assertFalse(r.stdout().contains("sentinel"), "a value was printed");
    }

    @Test
    void olderThanListsOnlyTheDueOnesAndExitsOne() {
        Cli.Result due = repo.cli().run("list", "--older-than", "5d");
        assertEquals(1, due.exit(), due.toString());
        String[] lines = due.stdout().split("\n");
        assertEquals(2, lines.length, due.stdout()); // header + OLD_KEY
        assertTrue(lines[1].startsWith("alpha    OLD_KEY"), due.stdout());

        Cli.Result none = repo.cli().run("list", "--older-than", "2w");
        assertEquals(0, none.exit(), none.toString());
        assertEquals(1, none.stdout().split("\n").length, none.stdout());

        Cli.Result json = repo.cli().run("list", "--json", "--older-than", "120h");
        assertEquals(1, json.exit(), json.toString());
        assertTrue(json.stdout().contains("\"changed\" : \"" + java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                Instant.ofEpochSecond(weekAgo.getEpochSecond())) + "\""), json.stdout());
        assertFalse(json.stdout().contains("FRESH_KEY"), json.stdout());

        // renewed but not committed yet: dated by the file's lastmodified (now), no longer due
        assertEquals(0, repo.cli().run("renew", "OLD_KEY", "--type", "password:20", "-y").exit());
        Cli.Result after = repo.cli().run("list", "--older-than", "5d");
        assertEquals(0, after.exit(), after.toString());
        assertEquals(2, repo.cli().run("list", "--older-than", "5 days").exit());
    }
}
