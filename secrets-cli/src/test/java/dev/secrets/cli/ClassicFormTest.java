package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sops' classic command forms: each compared with the verb form on the same file (output and exit code). */
class ClassicFormTest {
    @TempDir
    Path tmp;
    TestRepo repo;

    @BeforeEach
    void setUp() {
        repo = new TestRepo(tmp);
        repo.write("s.yaml", "db:\n    password: s3cr3t\nport: 5432\n");
        assertEquals(0, repo.cli().run("encrypt", "-i", "s.yaml").exit());
    }

    private void assertSame(Cli.Result verb, Cli.Result classic) {
        assertEquals(verb.exit(), classic.exit(), "verb: " + verb + " / classic: " + classic);
        assertArrayEquals(verb.stdoutBytes(), classic.stdoutBytes());
        assertEquals(verb.stderr(), classic.stderr());
    }

    private String plain(String file) {
        Cli.Result r = repo.cli().run("decrypt", file);
        assertEquals(0, r.exit(), r.toString());
        return r.stdout();
    }

    @Test
    void decryptForms() {
        Cli.Result verb = repo.cli().run("decrypt", "s.yaml");
        assertEquals(0, verb.exit());
        assertSame(verb, repo.cli().run("-d", "s.yaml"));
        assertSame(verb, repo.cli().run("--decrypt", "s.yaml"));
        assertSame(verb, repo.cli().run("s.yaml", "-d")); // flags anywhere, as urfave/cli
        assertSame(repo.cli().run("decrypt", "--extract", "[\"db\"][\"password\"]", "s.yaml"),
                repo.cli().run("-d", "--extract", "[\"db\"][\"password\"]", "s.yaml"));
        assertSame(repo.cli().run("decrypt", "--output-type", "json", "s.yaml"),
                repo.cli().run("-d", "--output-type", "json", "s.yaml"));
        assertEquals(0, repo.cli().run("decrypt", "--output", "a.yaml", "s.yaml").exit());
        assertEquals(0, repo.cli().run("-d", "--output", "b.yaml", "s.yaml").exit());
        assertEquals(repo.read("a.yaml"), repo.read("b.yaml"));
        // errors: the same codes
        assertSame(repo.cli().run("decrypt", "missing.yaml"), repo.cli().run("-d", "missing.yaml"));
        assertSame(repo.cli().run("decrypt", "-i", "--output", "x", "s.yaml"), repo.cli().run("-d", "-i", "--output", "x", "s.yaml"));
        assertSame(repo.cli().run("decrypt", "--extract", "[a", "s.yaml"), repo.cli().run("-d", "--extract", "[a", "s.yaml"));
        assertEquals(91, repo.cli().run("-d", "--extract", "[a", "s.yaml").exit());
        // a verbose global flag and sops' version-check flags are taken
        assertEquals(verb.stdout(), repo.cli().run("--disable-version-check", "-d", "s.yaml").stdout());
    }

    @Test
    void encryptForms() {
        repo.write("p.yaml", "token: abc\n");
        Cli.Result verb = repo.cli().run("encrypt", "p.yaml");
        Cli.Result classic = repo.cli().run("-e", "p.yaml");
        assertEquals(verb.exit(), classic.exit());
        assertEquals(0, classic.exit(), classic.toString());
        assertEquals(verb.stderr(), classic.stderr());
        // random data keys: compare what they decrypt to
        repo.write("v.yaml", verb.stdout());
        repo.write("c.yaml", classic.stdout());
        assertEquals("token: abc\n", plain("c.yaml"));
        assertEquals(plain("v.yaml"), plain("c.yaml"));
        assertEquals(0, repo.cli().run("--encrypt", "-i", "p.yaml").exit());
        assertEquals("token: abc\n", plain("p.yaml"));
        // already encrypted: 203 both ways
        assertSame(repo.cli().run("encrypt", "s.yaml"), repo.cli().run("-e", "s.yaml"));
        assertEquals(203, repo.cli().run("-e", "s.yaml").exit());
        String other = newRecipient("k2.txt");
        repo.write("q.json", "{\"a\": \"b\"}");
        Cli.Result withAge = repo.cli().run("-e", "--age", other, "q.json");
        assertEquals(0, withAge.exit(), withAge.toString());
        assertTrue(withAge.stdout().contains(other));
    }

    @Test
    void rotateForms() {
        String before = repo.read("s.yaml");
        Cli.Result verb = repo.cli().run("rotate", "s.yaml");
        Cli.Result classic = repo.cli().run("-r", "s.yaml");
        assertEquals(0, classic.exit(), classic.toString());
        assertEquals(verb.exit(), classic.exit());
        assertEquals(verb.stderr(), classic.stderr());
        repo.write("r.yaml", classic.stdout());
        assertEquals(plain("s.yaml"), plain("r.yaml"));
        assertNotEquals(before, classic.stdout());
        assertEquals(before, repo.read("s.yaml"), "-r without -i prints, leaves the file");
        assertEquals(0, repo.cli().run("--rotate", "-i", "s.yaml").exit());
        assertNotEquals(before, repo.read("s.yaml"));
        assertSame(repo.cli().run("rotate", "nope.yaml"), repo.cli().run("-r", "nope.yaml"));
    }

    @Test
    void setForms() {
        repo.write("t.yaml", repo.read("s.yaml"));
        Cli.Result verb = repo.cli().run("set", "s.yaml", "[\"db\"][\"password\"]", "\"n3w\"");
        Cli.Result classic = repo.cli().run("--set", "[\"db\"][\"password\"] \"n3w\"", "t.yaml");
        assertSame(verb, classic);
        assertEquals(0, classic.exit(), classic.toString());
        assertEquals(plain("s.yaml"), plain("t.yaml"));
        assertTrue(plain("t.yaml").contains("password: n3w"));
        // --set=..., a negative number (a value that looks like an option), a JSON object
        assertEquals(0, repo.cli().run("--set=[\"port\"] -1", "t.yaml").exit());
        assertTrue(plain("t.yaml").contains("port: -1"), plain("t.yaml"));
        assertEquals(0, repo.cli().run("--set", "[\"db\"] {\"user\": \"u\"}", "t.yaml").exit());
        assertTrue(plain("t.yaml").contains("user: u"), plain("t.yaml"));
        // -i is taken and means nothing more: --set always writes the file (as sops)
        assertEquals(0, repo.cli().run("-i", "--set", "[\"port\"] 7", "t.yaml").exit());
        assertTrue(plain("t.yaml").contains("port: 7"), plain("t.yaml"));
        // bad format: 7, as sops
        Cli.Result bad = repo.cli().run("--set", "password x", "t.yaml");
        assertEquals(7, bad.exit(), bad.toString());
        assertSame(repo.cli().run("set", "t.yaml", "[\"a\"]", "not json"), repo.cli().run("--set", "[\"a\"] not json", "t.yaml"));
    }

    @Test
    void bareFileIsEditAndShowMasterKeys() throws IOException {
        Path editor = tmp.resolve("ed.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/5432/6543/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        repo.write("t.yaml", repo.read("s.yaml"));
        Cli.Result verb = repo.cli().env("EDITOR", editor.toString()).run("edit", "s.yaml");
        Cli.Result classic = repo.cli().env("EDITOR", editor.toString()).run("t.yaml");
        assertEquals(0, classic.exit(), classic.toString());
        assertEquals(verb.exit(), classic.exit());
        assertEquals(verb.stderr().replace("s.yaml", "t.yaml"), classic.stderr());
        assertEquals(plain("s.yaml"), plain("t.yaml"));
        assertTrue(plain("t.yaml").contains("6543"));
        // unchanged: 200 both ways
        Path noop = tmp.resolve("noop.sh");
        Files.writeString(noop, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(noop, PosixFilePermissions.fromString("rwx------"));
        assertSame(repo.cli().env("EDITOR", noop.toString()).run("edit", "t.yaml"),
                repo.cli().env("EDITOR", noop.toString()).run("t.yaml"));
        assertEquals(200, repo.cli().env("EDITOR", noop.toString()).run("t.yaml").exit());
        Cli.Result shown = repo.cli().env("EDITOR", noop.toString()).run("-s", "t.yaml");
        assertEquals(200, shown.exit());
        assertTrue(shown.stderr().contains("key group 1: age " + TestRepo.recipient()), shown.stderr());
        assertSame(repo.cli().env("EDITOR", noop.toString()).run("edit", "--show-master-keys", "t.yaml"), shown);
        assertFalse(shown.stderr().contains("AGE-SECRET-KEY"));
    }

    @Test
    void conflictsAndUnknowns() {
        // as sops: the classic forms need a file (stdin is the verbs' way, sops 3.10+)
        Cli.Result noFile = repo.cli().stdin(repo.read("s.yaml")).run("-d", "--input-type", "yaml");
        assertEquals(100, noFile.exit(), noFile.toString());
        assertTrue(noFile.stderr().contains("no file specified"), noFile.stderr());
        assertEquals(0, repo.cli().stdin(repo.read("s.yaml")).run("decrypt", "--filename-override", "s.yaml").exit());
        Cli.Result two = repo.cli().run("-e", "-d", "s.yaml");
        assertEquals(8, two.exit(), two.toString());
        Cli.Result typo = repo.cli().run("decrpyt");
        assertEquals(2, typo.exit());
        assertTrue(typo.stderr().contains("unknown verb"), typo.stderr());
        Cli.Result keyservice = repo.cli().run("--keyservice", "tcp://x:1", "-d", "s.yaml");
        assertEquals(2, keyservice.exit());
        assertTrue(keyservice.stderr().contains("not supported"), keyservice.stderr());
    }

    @Test
    void newFileThroughBareEditWithAgeAndUnsupportedKeyTypes() throws IOException {
        String other = newRecipient("k2.txt");
        Path editor = tmp.resolve("write.sh");
        Files.writeString(editor, "#!/bin/sh\nprintf 'fresh: v4lue\\n' > \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Cli.Result made = repo.cli().env("EDITOR", editor.toString()).run("--age", other, "new.yaml");
        assertEquals(0, made.exit(), made.toString());
        assertTrue(repo.read("new.yaml").contains(other));
        assertFalse(repo.read("new.yaml").contains(TestRepo.recipient()), "--age replaces the rule's keys");
        assertEquals("fresh: v4lue\n", new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", tmp.resolve("k2.txt").toString())
                .run("-d", "new.yaml").stdout());
        repo.write("p.yaml", "a: 1\n");
        for (String[] args : new String[][] {{"-e", "--kms", "arn:aws:kms:x", "p.yaml"}, {"encrypt", "--pgp", "ABCD", "p.yaml"},
                {"-r", "--add-gcp-kms", "projects/x", "s.yaml"}, {"--azure-kv", "https://x", "p.yaml"}}) {
            Cli.Result r = repo.cli().run(args);
            assertEquals(1, r.exit(), String.join(" ", args) + ": " + r);
            assertTrue(r.stderr().contains("is not supported"), r.stderr());
        }
        assertEquals("a: 1\n", repo.read("p.yaml"));
    }

    @Test
    void invokedAsSops() {
        Cli.Result version = repo.cli().program("sops").run("--version", "--disable-version-check");
        assertEquals(0, version.exit());
        assertTrue(version.stdout().startsWith("sops 3.13.2 "), version.stdout());
        assertEquals(version.stdout(), repo.cli().program("/usr/local/bin/sops").run("-v").stdout());
        assertFalse(repo.cli().run("--version").stdout().startsWith("sops"));
        Cli.Result child = repo.cli().program("sops").runChild("-d", "s.yaml");
        assertEquals(0, child.exit(), child.toString());
        assertEquals(plain("s.yaml"), child.stdout());
        assertEquals(version.stdout(), repo.cli().program("sops").runChild("--version").stdout());
    }

    private String newRecipient(String name) {
        Cli.Result k = repo.cli().run("keygen", "-o", tmp.resolve(name).toString());
        assertEquals(0, k.exit(), k.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("age1[0-9a-z]+").matcher(k.stderr());
        assertTrue(m.find(), k.stderr());
        return m.group();
    }
}
