package dev.secrets.cli.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new user's script, as one would type it: an empty git repo and an empty HOME, {@code secrets
 * init}, a compose service's {@code .env}, {@code secrets encrypt}, {@code git add -A && git commit}
 * through the installed hook (a child JVM through the launcher script), then what the guard refuses,
 * a commit without any private key, {@code init} run twice, and {@code git diff} through textconv.
 */
class NewUserFlowTest {
    static final String COMPOSE = "services:\n  caddy:\n    image: caddy:2\n    env_file: .env\n";

    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void setUp() {
        GitRepo.requireGit();
        repo = GitRepo.init(tmp);
    }

    @Test
    void newUserScript() throws Exception {
        Cli.Result init = repo.cli().run("init");
        assertEquals(0, init.exit(), init.toString());
        Path key = repo.defaultKeyFile();
        assertTrue(Files.isRegularFile(key), init.stdout());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.home.resolve(".config"))));
        String publicKey = Files.readAllLines(key).get(1).substring("# public key: ".length());
        assertTrue(repo.read(".sops.yaml").contains("age: " + publicKey), repo.read(".sops.yaml"));
        assertTrue(repo.read(".gitignore").lines().anyMatch(".env"::equals));
        assertTrue(repo.read(".gitattributes").lines().anyMatch(".env.enc diff=sops merge=sops"::equals));
        assertEquals(repo.launcher + " git textconv", repo.ok("config", "diff.sops.textconv").strip());
        assertEquals(repo.launcher + " git merge %O %A %B %P", repo.ok("config", "merge.sops.driver").strip());
        assertTrue(Files.isExecutable(repo.root.resolve(".git/hooks/pre-commit")));
        assertTrue(init.stdout().contains("Next steps:"), init.stdout());

        // init again: nothing changes, and it says so
        Map<String, String> before = snapshot();
        Cli.Result again = repo.cli().run("init");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.stdout().contains("nothing to change"), again.stdout());
        assertEquals(before, snapshot());

        repo.write("caddy/docker-compose.yml", COMPOSE);
        repo.write("caddy/.env", "CLOUDFLARE_API_TOKEN=first-token\nACME_EMAIL=ops@example.invalid\n");
        Cli.Result enc = repo.cli().run("encrypt", "caddy");
        assertEquals(0, enc.exit(), enc.toString());
        assertFalse(Files.exists(repo.root.resolve("caddy/.env")));
        repo.ok("add", "-A");
        GitRepo.Result commit = repo.git("commit", "-q", "-m", "caddy");
        assertEquals(0, commit.exit(), commit.toString());
        assertTrue(commit.err().contains("secrets guard: 1 sops file(s) staged, MAC verified for 1"), commit.toString());
        assertEquals("", repo.ok("status", "--porcelain"));

        // a plaintext .env, staged by force past .gitignore, is refused with its reason
        repo.write("caddy/.env", "CLOUDFLARE_API_TOKEN=leaked-token\n");
        repo.ok("add", "-f", "caddy/.env");
        GitRepo.Result refused = repo.git("commit", "-q", "-m", "oops");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("REFUSED caddy/.env: plaintext .env beside"), refused.toString());
        assertFalse(refused.err().contains("leaked-token"), "a value was printed");
        assertEquals("caddy", repo.ok("log", "-1", "--format=%s").strip(), "no commit was made");
        repo.ok("rm", "-q", "--cached", "caddy/.env");
        Files.delete(repo.root.resolve("caddy/.env"));

        // git diff shows the changed key's line, decrypted by the textconv driver
        Cli.Result set = repo.cli().stdin("second-token").run("set", "caddy", "CLOUDFLARE_API_TOKEN");
        assertEquals(0, set.exit(), set.toString());
        String diff = repo.ok("diff", "caddy/.env.enc");
        assertTrue(diff.contains("\n-CLOUDFLARE_API_TOKEN=first-token\n"), diff);
        assertTrue(diff.contains("\n+CLOUDFLARE_API_TOKEN=second-token\n"), diff);
        assertEquals(2, diff.lines().filter(l -> (l.startsWith("+") || l.startsWith("-"))
                && !l.startsWith("+++") && !l.startsWith("---")).count(), "one line out, one in:\n" + diff);

        // without any private key the hook still lets a good commit through, and says it could not verify
        Files.move(key, tmp.resolve("keys-elsewhere.txt"));
        repo.ok("add", "-A");
        GitRepo.Result noKey = repo.git("commit", "-q", "-m", "rotate token");
        assertEquals(0, noKey.exit(), noKey.toString());
        assertTrue(noKey.err().contains("MAC not verified for 1 (no key opens them here; committing needs none)"), noKey.toString());
        // and textconv shows which key changed, without values
        GitRepo.Result show = repo.git("show", "HEAD", "--", "caddy/.env.enc");
        assertEquals(0, show.exit(), show.toString());
        List<String> changed = show.out().lines().filter(l -> l.matches("[-+][A-Z_]+=.*")).toList();
        assertEquals(2, changed.size(), show.out());
        assertTrue(changed.get(0).matches("-CLOUDFLARE_API_TOKEN=<encrypted [0-9a-f]{8}>"), show.out());
        assertTrue(changed.get(1).matches("\\+CLOUDFLARE_API_TOKEN=<encrypted [0-9a-f]{8}>"), show.out());
        assertFalse(show.out().contains("second-token"), show.out());
    }

    /** Every file of the repo and HOME (git's objects aside), and the local git config. */
    private Map<String, String> snapshot() throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (Path base : List.of(repo.root, repo.home)) {
            try (Stream<Path> walk = Files.walk(base)) {
                for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/objects/")).toList()) {
                    files.put(p.toString(), java.util.Arrays.hashCode(Files.readAllBytes(p)) + " "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                }
            }
        }
        assertNotEquals(0, files.size());
        return files;
    }
}
