package dev.secrets.cli.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.TestRepo;
import dev.secrets.sops.testing.Oracle;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rotate --add-age/--rm-age (and -r with them) as sops: checked by the independent oracle with each key. */
class RotateKeyFlagsTest {
    @TempDir
    Path tmp;
    TestRepo repo;
    Path keyB;
    String recipientB;

    @BeforeEach
    void setUp() {
        repo = new TestRepo(tmp);
        keyB = tmp.resolve("b.txt");
        Cli.Result k = repo.cli().run("keygen", "-o", keyB.toString());
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(k.stderr());
        assertTrue(m.find(), k.toString());
        recipientB = m.group();
        repo.write("s.json", "{\"token\": \"s3cr3t\"}");
        assertEquals(0, repo.cli().run("encrypt", "-i", "s.json").exit());
    }

    private Oracle.Result oracle(Path key) {
        return Oracle.run(tmp.resolve("s.json"), "json", "--age-key-file", key.toString());
    }

    @Test
    void addedRecipientOpensRemovedOneDoesNot() {
        assertNotEquals(0, oracle(keyB).exitCode(), "B cannot open it yet");
        String before = repo.read("s.json");
        Cli.Result add = repo.cli().run("rotate", "-i", "--add-age", recipientB, "s.json");
        assertEquals(0, add.exit(), add.toString());
        assertNotEquals(before, repo.read("s.json"));
        Oracle.Result byB = oracle(keyB);
        assertEquals(0, byB.exitCode(), byB.stderr());
        assertEquals(Map.of("token", "s3cr3t"), byB.plaintext());
        assertEquals(0, oracle(TestRepo.KEY_FILE).exitCode(), "A still opens it");
        String dataKeyAfterAdd = byB.dataKeyHex();

        // remove A, opening with B only (the .sops.yaml still names A: the file's own groups count, not the rule)
        Cli.Result rm = new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", keyB.toString())
                .run("-r", "-i", "--rm-age", TestRepo.recipient(), "s.json");
        assertEquals(0, rm.exit(), rm.toString());
        assertFalse(repo.read("s.json").contains(TestRepo.recipient()));
        Oracle.Result byBAgain = oracle(keyB);
        assertEquals(0, byBAgain.exitCode(), byBAgain.stderr());
        assertNotEquals(dataKeyAfterAdd, byBAgain.dataKeyHex(), "a new data key, as sops rotate");
        assertNotEquals(0, oracle(TestRepo.KEY_FILE).exitCode(), "the removed recipient no longer opens it");
        assertEquals(128, repo.cli().run("decrypt", "s.json").exit());
    }

    @Test
    void toStdoutOrOutputWithoutTouchingTheFile() {
        String before = repo.read("s.json");
        Cli.Result out = repo.cli().run("rotate", "--add-age", recipientB, "--output", "r.json", "s.json");
        assertEquals(0, out.exit(), out.toString());
        assertEquals(before, repo.read("s.json"));
        assertTrue(repo.read("r.json").contains(recipientB));
        Cli.Result stdout = repo.cli().run("-r", "--add-age", recipientB, "s.json");
        assertEquals(0, stdout.exit());
        assertTrue(stdout.stdout().contains(recipientB));
        assertEquals(before, repo.read("s.json"));
    }

    @Test
    void refusals() {
        String before = repo.read("s.json");
        Cli.Result empty = repo.cli().run("rotate", "-i", "--rm-age", TestRepo.recipient(), "s.json");
        assertEquals(1, empty.exit(), empty.toString());
        assertTrue(empty.stderr().contains("no key left"), empty.stderr());
        Cli.Result pgp = repo.cli().run("rotate", "-i", "--add-pgp", "ABCDEF0123456789", "s.json");
        assertEquals(1, pgp.exit(), pgp.toString());
        assertTrue(pgp.stderr().contains("--add-pgp is not supported"), pgp.stderr());
        assertEquals(1, repo.cli().run("rotate", "--add-age", "not-a-recipient", "s.json").exit()); // as sops: a generic error
        assertEquals(8, repo.cli().run("rotate", "-i", "--output", "x.json", "s.json").exit());
        assertEquals(before, repo.read("s.json"));
    }
}
