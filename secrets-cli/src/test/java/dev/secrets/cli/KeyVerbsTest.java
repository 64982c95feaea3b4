package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, and updatekeys/rotate on single files and services: the diff, the question, stdout. */
class KeyVerbsTest {
    @TempDir
    Path tmp;

    @Test
    void keygenWritesAnAgeIdentityThatAgeAccepts() throws Exception {
        SharedTestData.requireCommand("age-keygen");
        SharedTestData.requireCommand("age");
        Path key = tmp.resolve("key.txt");
        Cli.Result r = new Cli().dir(tmp).run("keygen", "-o", "key.txt");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        List<String> lines = Files.readAllLines(key);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).matches("# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"), lines.get(0));
        String pub = lines.get(1).substring("# public key: ".length());
        assertTrue(lines.get(2).startsWith("AGE-SECRET-KEY-1"));
        assertEquals("", r.stdout(), "the key file is the only output of the secret");
        assertTrue(r.stderr().contains("Public key: " + pub), r.stderr());

        assertEquals(pub, run(null, "age-keygen", "-y", key.toString()).trim());
        Path msg = tmp.resolve("msg.age");
        run("hello", "age", "-r", pub, "-o", msg.toString());
        assertEquals("hello", run(null, "age", "-d", "-i", key.toString(), msg.toString()));

        byte[] before = Files.readAllBytes(key);
        Cli.Result again = new Cli().dir(tmp).run("keygen", "-o", "key.txt");
        assertNotEquals(0, again.exit());
        assertTrue(again.stderr().contains("already exists"), again.stderr());
        assertArrayEquals(before, Files.readAllBytes(key));

        Cli.Result toStdout = new Cli().dir(tmp).run("keygen");
        assertEquals(0, toStdout.exit());
        assertTrue(toStdout.stdout().matches("(?s)# created: .*\n# public key: age1[0-9a-z]+\nAGE-SECRET-KEY-1[0-9A-Z]+\n"));
    }

    @Test
    void keygenCreatesMissingFoldersOwnerOnlyAndNeverOverwrites() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-x---"));
        Path key = tmp.resolve("home/.config/sops/age/keys.txt");
        Cli.Result r = new Cli().dir(tmp).run("keygen", "-o", "home/.config/sops/age/keys.txt");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        for (Path dir = key.getParent(); !dir.equals(tmp); dir = dir.getParent()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        }
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)), "an existing folder keeps its mode");
        assertTrue(Files.readString(key).contains("AGE-SECRET-KEY-1"));
        byte[] before = Files.readAllBytes(key);
        Cli.Result again = new Cli().dir(tmp).run("keygen", "-o", "home/.config/sops/age/keys.txt");
        assertEquals(3, again.exit(), again.toString());
        assertTrue(again.stderr().contains("already exists"), again.stderr());
        assertArrayEquals(before, Files.readAllBytes(key));
    }

    @Test
    void updatekeysShowsTheDiffAndFollowsTheAnswer() {
        BulkRepo repo = new BulkRepo(tmp, 3).services(1, 0, 1);
        Path f = tmp.resolve("svc000/.env.enc");
        byte[] before = BulkRepo.read(f);
        repo.rule(0, 2);
        String k0 = repo.keys.get(0).publicKey();

        Cli.Result no = repo.cli(0).stdin("n\n").run("updatekeys", "svc000");
        assertEquals(0, no.exit(), no.toString());
        assertTrue(no.stdout().contains("Group 1\n    " + k0 + "\n+++ " + repo.keys.get(2).publicKey() + "\n--- "
                + repo.keys.get(1).publicKey() + "\n"), no.stdout());
        assertTrue(no.stdout().contains("Is this okay? (y/n):"), no.stdout());
        assertArrayEquals(before, BulkRepo.read(f), "answered n: file untouched");
        assertEquals(List.of(), repo.backupRuns());

        Cli.Result noAnswer = repo.cli(0).run("updatekeys", "svc000/.env.enc");
        assertNotEquals(0, noAnswer.exit(), "no answer on stdin must not count as yes");
        assertArrayEquals(before, BulkRepo.read(f));

        Cli.Result yes = repo.cli(0).stdin("maybe\ny\n").run("updatekeys", "svc000/.env.enc");
        assertEquals(0, yes.exit(), yes.toString());
        assertTrue(yes.stdout().contains("updatekeys: 1 changed"), yes.stdout());
        assertNotNull(repo.open(f, 2));
        assertEquals(null, repo.open(f, 1));

        repo.rule(2, 0); // same keys, other order: nothing to do
        Cli.Result upToDate = repo.cli(0).run("updatekeys", "-y", "svc000");
        assertEquals(0, upToDate.exit(), upToDate.toString());
        assertTrue(upToDate.stderr().contains("already up to date"), upToDate.stderr());
        assertFalse(upToDate.stdout().contains("Is this okay"));
    }

    @Test
    void rotateOneFilePrintsLikeSopsAndInPlaceRewrites() {
        BulkRepo repo = new BulkRepo(tmp, 2).services(1, 0);
        Path f = tmp.resolve("svc000/.env.enc");
        byte[] before = BulkRepo.read(f);
        Cli.Result printed = repo.cli(0).run("rotate", "svc000/.env.enc");
        assertEquals(0, printed.exit(), printed.toString());
        assertArrayEquals(before, BulkRepo.read(f), "without -i the file stays");
        Path copy = repo.write("printed/.env.enc", printed.stdout());
        assertEquals(BulkRepo.plaintext(0), repo.open(copy, 0));
        assertFalse(printed.stdout().contains("secret-value"));

        Cli.Result service = repo.cli(0).run("rotate", "svc000", "--no-backup");
        assertEquals(0, service.exit(), service.toString());
        assertFalse(java.util.Arrays.equals(before, BulkRepo.read(f)));
        assertEquals(BulkRepo.plaintext(0), repo.open(f, 0));
        assertEquals(List.of(), repo.backupRuns(), "--no-backup keeps none");

        Cli.Result bad = repo.cli(1).run("rotate", "-i", "svc000/.env.enc");
        assertEquals(128, bad.exit(), "one file keeps sops' exit code: " + bad);
    }

    private String run(String stdin, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
