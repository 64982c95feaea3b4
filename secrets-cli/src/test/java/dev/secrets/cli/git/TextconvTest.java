package dev.secrets.cli.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.ServiceRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secrets git textconv FILE}: the decrypted file with a key, key names without, exit 0 either way. */
class TextconvTest {
    static final String SENTINEL = "sentinel-v4lue-never-printed";

    @TempDir
    Path tmp;
    ServiceRepo repo;

    @BeforeEach
    void setUp() {
        repo = new ServiceRepo(tmp);
        repo.service("svc", "# the db\nPASS=" + SENTINEL + "\nUSER=admin\n");
    }

    @Test
    void withAKeyTheDecryptedFileEvenUnderGitsTempName() throws Exception {
        String decrypted = repo.cli().run("decrypt", "svc", "--stdout").stdout();
        assertTrue(decrypted.contains("PASS=" + SENTINEL), decrypted);
        Cli.Result r = repo.cli().run("git", "textconv", "svc/.env.enc");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(decrypted, r.stdout());
        // git hands over a blob as XXXXXX_NAME in a temp folder: the format still comes from NAME
        Path blob = Files.copy(repo.repo.root.resolve("svc/.env.enc"), tmp.resolve("Ab12Cd_.env.enc"));
        assertEquals(decrypted, repo.cli().run("git", "textconv", blob.toString()).stdout());
    }

    @Test
    void withoutAKeyTheKeysAndWhichValuesAreEncrypted() {
        Cli.Result r = new Cli().dir(repo.repo.root).run("git", "textconv", "svc/.env.enc");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(4, lines.size(), r.stdout());
        assertTrue(lines.get(0).startsWith("# not decrypted (no key for its recipients); <encrypted TAG> marks"), lines.get(0));
        assertTrue(lines.get(1).matches("# <encrypted [0-9a-f]{8}>"), lines.get(1)); // sops encrypts comments too
        assertTrue(lines.get(2).matches("PASS=<encrypted [0-9a-f]{8}>"), lines.get(2));
        assertTrue(lines.get(3).matches("USER=<encrypted [0-9a-f]{8}>"), lines.get(3));
        assertFalse(lines.get(2).substring(4).equals(lines.get(3).substring(4)), "each value its own tag");
        assertFalse(r.stdout().contains(SENTINEL));
        // the same ciphertext, the same text: an unchanged value is no diff line
        assertEquals(r.stdout(), new Cli().dir(repo.repo.root).run("git", "textconv", "svc/.env.enc").stdout());
    }

    @Test
    void aMacMismatchIsNotDecryptedAndPlainFilesPassThrough() throws Exception {
        Path enc = repo.repo.root.resolve("svc/.env.enc");
        List<String> kept = Files.readAllLines(enc).stream().filter(l -> !l.startsWith("USER=")).toList();
        Files.write(enc, kept);
        Cli.Result r = repo.cli().run("git", "textconv", "svc/.env.enc");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().startsWith("# not decrypted (MAC mismatch, the file was modified or corrupted)"), r.stdout());
        assertFalse(r.stdout().contains(SENTINEL));
        repo.repo.write("plain.env", "A=1\n");
        assertEquals("A=1\n", repo.cli().run("git", "textconv", "plain.env").stdout());
        assertEquals(100, repo.cli().run("git", "textconv", "missing.env.enc").exit());
    }

    @Test
    void gitDispatchesItsSubcommandsAndRefusesOthers() {
        Cli.Result none = repo.cli().run("git");
        assertEquals(2, none.exit());
        assertTrue(none.stderr().contains("git: name a subcommand (merge, textconv)"), none.stderr());
        Cli.Result bogus = repo.cli().run("git", "push");
        assertEquals(2, bogus.exit());
        assertTrue(bogus.stderr().contains("unknown git subcommand 'push' (known: merge, textconv)"), bogus.stderr());
        Cli.Result help = repo.cli().run("git", "textconv", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.stdout().startsWith("Usage: secrets git textconv FILE\n"), help.stdout());
        Cli.Result missing = repo.cli().run("git", "textconv");
        assertEquals(2, missing.exit());
        assertTrue(missing.stderr().contains("git textconv: missing FILE"), missing.stderr());
    }
}
