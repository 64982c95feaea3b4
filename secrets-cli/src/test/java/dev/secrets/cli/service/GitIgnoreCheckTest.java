package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fallback .gitignore reading used outside git work trees. */
class GitIgnoreCheckTest {
    @TempDir
    Path tmp;

    @Test
    void patternsAsGitReadsThem() {
        assertTrue(GitIgnoreCheck.matches(".env", "caddy/.env"));
        assertTrue(GitIgnoreCheck.matches("**/.env", "caddy/.env"));
        assertTrue(GitIgnoreCheck.matches(".env*", "caddy/.env"));
        assertTrue(GitIgnoreCheck.matches("/caddy/.env", "caddy/.env"));
        assertTrue(GitIgnoreCheck.matches("*/.env", "caddy/.env"));
        assertFalse(GitIgnoreCheck.matches("/.env", "caddy/.env"));
        assertFalse(GitIgnoreCheck.matches(".env.enc", "caddy/.env"));
        assertFalse(GitIgnoreCheck.matches("n8n/.env", "caddy/.env"));
    }

    @Test
    void nestedFilesAndNegationLastMatchWins() {
        TestRepo repo = new TestRepo(tmp);
        GitIgnoreCheck check = new GitIgnoreCheck(Context.system(), tmp);
        if (check.inGitRepo()) {
            return; // the temp folder lies in a git work tree: git answers, not the reader
        }
        assertFalse(check.parsedIgnores(tmp.resolve("a/.env")));
        repo.write(".gitignore", "# secrets\n.env\n");
        assertTrue(check.parsedIgnores(tmp.resolve("a/.env")));
        repo.write("a/.gitignore", "!.env\n");
        assertFalse(check.parsedIgnores(tmp.resolve("a/.env")));
        assertTrue(check.parsedIgnores(tmp.resolve("b/.env")));
    }
}
