package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.testing.Oracle;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sops-compatible file verbs, run as a user runs them, checked by the oracle and by reading back. */
class FileVerbsTest {
    @TempDir
    Path tmp;
    TestRepo repo;

    @BeforeEach
    void setUp() {
        repo = new TestRepo(tmp);
    }

    @Test
    void encryptDecryptEachStoreVerifiedByOracle() throws Exception {
        String[][] files = {
            {"a.yaml", "# top comment\ndb:\n    user: admin\n    password: s3cr3t\n    port: 5432\nlist:\n    - one\n    - 2.5\n    - true\nplain_unencrypted: visible\n"},
            {"a.json", "{\n\t\"db\": {\n\t\t\"user\": \"admin\",\n\t\t\"port\": 5432\n\t},\n\t\"on\": true\n}\n"},
            {"a.env", "# comment\nDB_USER=admin\nDB_PASS=p@ss=word\nEMPTY=\n"},
            // INI comes back in go-ini's layout (keys aligned), as from sops
            {"a.ini", "[db]\nuser     = admin\npassword = s3cr3t\n"},
            {"a.bin", "binary \u0000 content\nwith lines\n"},
        };
        for (String[] f : files) {
            Path plain = repo.write(f[0], f[1]);
            Cli.Result enc = repo.cli().run("encrypt", f[0]);
            assertEquals(0, enc.exit(), f[0] + ": " + enc);
            Path encrypted = repo.write(f[0] + ".sops", "");
            Files.write(encrypted, enc.stdoutBytes());
            String type = f[0].endsWith(".bin") ? "binary" : f[0].substring(2).replace("env", "dotenv");
            Oracle.Result oracle = Oracle.run(encrypted, type, "--age-key-file", TestRepo.KEY_FILE.toString());
            assertEquals(0, oracle.exitCode(), f[0] + ": " + oracle.stderr());
            assertFalse(enc.stdout().contains("s3cr3t"), "plaintext in encrypted output of " + f[0]);
            Cli.Result dec = repo.cli().run("decrypt", "--input-type", type, "--output-type", type, f[0] + ".sops");
            assertEquals(0, dec.exit(), f[0] + ": " + dec);
            assertArrayEquals(Files.readAllBytes(plain), dec.stdoutBytes(), f[0]);
        }
    }

    @Test
    void inPlaceAndOutputAndExtract() throws Exception {
        repo.write("s.yaml", "a:\n    b: deep\nnum: 3\n");
        assertEquals(0, repo.cli().run("encrypt", "-i", "s.yaml").exit());
        assertTrue(repo.read("s.yaml").contains("sops:"));
        Cli.Result value = repo.cli().run("decrypt", "--extract", "[\"a\"][\"b\"]", "s.yaml");
        assertEquals(0, value.exit(), value.toString());
        assertEquals("deep", value.stdout());
        assertEquals(91, repo.cli().run("decrypt", "--extract", "[a", "s.yaml").exit());
        assertEquals(1, repo.cli().run("decrypt", "--extract", "[\"zz\"]", "s.yaml").exit());
        Cli.Result out = repo.cli().run("decrypt", "--output", "plain.yaml", "s.yaml");
        assertEquals(0, out.exit(), out.toString());
        assertEquals("a:\n    b: deep\nnum: 3\n", repo.read("plain.yaml"));
        assertEquals("rw-------", PosixModes.of(tmp.resolve("plain.yaml")));
        assertEquals(8, repo.cli().run("decrypt", "-i", "--output", "x", "s.yaml").exit());
    }

    @Test
    void refusesToEncryptTwice() {
        repo.write("s.yaml", "a: 1\n");
        assertEquals(0, repo.cli().run("encrypt", "-i", "s.yaml").exit());
        String before = repo.read("s.yaml");
        Cli.Result again = repo.cli().run("encrypt", "-i", "s.yaml");
        assertEquals(203, again.exit(), again.toString());
        assertEquals(before, repo.read("s.yaml"));
        assertOneLine(again.stderr(), "s.yaml");
    }

    @Test
    void tamperedFileIsRefusedAndNothingWritten() {
        repo.write("s.env", "TOKEN=abc\nOTHER=xyz\n");
        Cli.Result enc = repo.cli().run("encrypt", "s.env");
        String text = enc.stdout();
        // change one character inside the first value's ciphertext
        int at = text.indexOf("data:") + 6;
        char c = text.charAt(at);
        String tampered = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
        repo.write("t.env", tampered);
        Cli.Result dec = repo.cli().run("decrypt", "--output", "out.env", "t.env");
        assertEquals(25, dec.exit(), dec.toString());
        assertFalse(repo.exists("out.env"));
        assertOneLine(dec.stderr(), "t.env");
        // the MAC itself altered
        int mac = text.indexOf("sops_mac=ENC[AES256_GCM,data:") + 30;
        char m = text.charAt(mac);
        repo.write("m.env", text.substring(0, mac) + (m == 'A' ? 'B' : 'A') + text.substring(mac + 1));
        assertEquals(51, repo.cli().run("decrypt", "m.env").exit());
        // lastmodified altered: the MAC's AAD changes
        repo.write("l.env", text.replaceFirst("sops_lastmodified=(\\d{4})", "sops_lastmodified=1999"));
        assertEquals(51, repo.cli().run("decrypt", "l.env").exit());
    }

    @Test
    void wrongOrMissingKey() throws Exception {
        repo.write("s.json", "{\"a\": \"b\"}");
        repo.write("enc.json", repo.cli().run("encrypt", "s.json").stdout());
        Path other = tmp.resolve("other.txt");
        Files.writeString(other, "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX\n");
        Cli.Result wrong = new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", other.toString()).run("decrypt", "enc.json");
        assertEquals(128, wrong.exit(), wrong.toString());
        assertOneLineAndDiagnosis(wrong.stderr(), "enc.json");
        Cli.Result missing = new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", tmp.resolve("nope.txt").toString())
                .run("decrypt", "enc.json");
        assertEquals(128, missing.exit(), missing.toString());
        assertTrue(missing.stderr().contains("nope.txt"), missing.stderr());
    }

    @Test
    void badInputs() throws Exception {
        repo.write("empty.yaml", "");
        assertEquals(92, repo.cli().run("encrypt", "empty.yaml").exit());
        repo.write("bad.yaml", "a: [unclosed\n");
        Cli.Result bad = repo.cli().run("encrypt", "bad.yaml");
        assertEquals(2, bad.exit(), bad.toString());
        assertOneLine(bad.stderr(), "bad.yaml");
        repo.write("bad.json", "{\"a\": ");
        assertEquals(2, repo.cli().run("encrypt", "bad.json").exit());
        repo.write("bad.env", "NOEQUALS secret-value\n");
        Cli.Result env = repo.cli().run("encrypt", "bad.env");
        assertEquals(2, env.exit());
        assertFalse(env.stderr().contains("secret-value"), env.stderr());
        Files.write(tmp.resolve("garbage.yaml"), new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 0});
        assertTrue(repo.cli().run("encrypt", "garbage.yaml").exit() != 0);
        assertEquals(100, repo.cli().run("decrypt", "missing.yaml").exit());
        assertEquals(1, repo.cli().run("decrypt", "bad.json").exit());
        repo.write("plain.yaml", "a: 1\n");
        Cli.Result notEncrypted = repo.cli().run("decrypt", "plain.yaml");
        assertEquals(1, notEncrypted.exit());
        assertTrue(notEncrypted.stderr().contains("sops metadata not found"), notEncrypted.stderr());
    }

    @Test
    void noMacCorpusFileNeedsIgnoreMac() {
        Path corpus = SharedTestData.corpusDir().resolve("age-rewrapped/sops-upstream_no_mac.yaml");
        Cli cli = new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", SharedTestData.sopsNixAgeKeys().toString());
        assertEquals(51, cli.run("decrypt", corpus.toString()).exit());
        assertEquals(0, cli.run("decrypt", "--ignore-mac", corpus.toString()).exit());
    }

    @Test
    void editAYamlFileChangesOneValueLine() throws Exception {
        repo.write("s.yaml", "# settings\ndb:\n    user: admin\n    password: old-pass\nport: 5432\n");
        assertEquals(0, repo.cli().run("encrypt", "-i", "s.yaml").exit());
        String before = repo.read("s.yaml");
        Path editor = tmp.resolve("edit.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/old-pass/new-pass/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.Result r = repo.cli().env("EDITOR", editor.toString()).run("edit", "s.yaml");
        assertEquals(0, r.exit(), r.toString());
        String after = repo.read("s.yaml");
        String[] a = before.substring(0, before.indexOf("sops:")).split("\n");
        String[] b = after.substring(0, after.indexOf("sops:")).split("\n");
        assertEquals(a.length, b.length);
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            differing += a[i].equals(b[i]) ? 0 : 1;
        }
        assertEquals(1, differing, "\n" + before + "\n---\n" + after);
        assertEquals("new-pass", repo.cli().run("decrypt", "--extract", "[\"db\"][\"password\"]", "s.yaml").stdout());
    }

    @Test
    void inPlaceWritesThroughASymbolicLink() throws Exception {
        Path real = repo.write("shared/s.yaml", "token: s3cr3t\n");
        Files.createSymbolicLink(tmp.resolve("link.yaml"), real);
        assertEquals(0, repo.cli().run("encrypt", "-i", "link.yaml").exit());
        assertTrue(Files.isSymbolicLink(tmp.resolve("link.yaml")));
        assertFalse(Files.readString(real).contains("s3cr3t"), "the real file was left in plaintext");
    }

    @Test
    void aFullStdoutIsAnError() throws Exception {
        repo.write("s.yaml", "a: 1\n");
        Process p = repo.cli().builder("encrypt", "s.yaml").redirectOutput(new java.io.File("/dev/full")).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, p.waitFor(), err);
    }

    @Test
    void filestatus() {
        repo.write("s.yaml", "a: 1\n");
        assertEquals("{\"encrypted\":false}\n", repo.cli().run("filestatus", "s.yaml").stdout());
        repo.cli().run("encrypt", "-i", "s.yaml");
        assertEquals("{\"encrypted\":true}\n", repo.cli().run("filestatus", "s.yaml").stdout());
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : new String[] {"encrypt", "decrypt", "edit", "deploy", "exec-env", "exec-file", "set",
            "unset", "filestatus"}) {
            Cli.Result r = new Cli().run(verb, "--help");
            assertEquals(0, r.exit(), verb);
            assertTrue(r.stdout().contains("Usage: secrets " + verb), verb + ": " + r.stdout());
        }
    }

    static void assertOneLine(String stderr, String fileName) {
        String trimmed = stderr.strip();
        assertFalse(trimmed.contains("\n"), "more than one line: " + stderr);
        assertTrue(trimmed.contains(fileName), "error does not name " + fileName + ": " + stderr);
    }

    /** An error line naming the file, then only the indented diagnosis of NoKeyDiagnosis (exit 128). */
    static void assertOneLineAndDiagnosis(String stderr, String fileName) {
        String[] lines = stderr.strip().split("\n");
        assertOneLine(lines[0], fileName);
        assertTrue(lines.length > 1 && stderr.contains("  likely fix: "), "no diagnosis: " + stderr);
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].startsWith("  "), "not part of the diagnosis: " + lines[i]);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
