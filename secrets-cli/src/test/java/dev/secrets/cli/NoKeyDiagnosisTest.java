package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When no key opens a file: sops' message, then the recipients, the keys found (public keys only) and the fix. */
class NoKeyDiagnosisTest {
    @TempDir
    Path tmp;
    TestRepo repo;
    Path otherKey;
    String otherRecipient;

    @BeforeEach
    void setUp() throws Exception {
        repo = new TestRepo(tmp);
        otherKey = tmp.resolve("other-keys.txt");
        Cli.Result k = repo.cli().run("keygen", "-o", otherKey.toString());
        assertEquals(0, k.exit(), k.toString());
        Matcher m = Pattern.compile("age1[0-9a-z]+").matcher(k.stderr());
        assertTrue(m.find());
        otherRecipient = m.group();
        repo.write("s.yaml", "token: s3cr3t\n");
        assertEquals(0, repo.cli().run("encrypt", "-i", "s.yaml").exit());
        repo.write("svc/docker-compose.yml", "services:\n  app:\n    image: busybox\n");
        repo.write("svc/.env", "TOKEN=s3cr3t\n");
        assertEquals(0, repo.cli().run("encrypt", "svc").exit());
    }

    /** The CLI with only the unrelated key. */
    private Cli wrongKey() {
        return new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", otherKey.toString()).env("EDITOR", "true")
                .env("SECRETS_COMPOSE", "true");
    }

    private void assertDiagnosed(Cli.Result r, String file) throws Exception {
        assertEquals(128, r.exit(), r.toString());
        String[] lines = r.stderr().split("\n");
        assertTrue(lines[0].startsWith("secrets: ") && lines[0].contains(file) && lines[0].contains("Failed to get the data key"),
                r.stderr());
        assertTrue(r.stderr().contains("key group 1: age " + TestRepo.recipient()), "the file's recipient: " + r.stderr());
        assertTrue(r.stderr().contains(otherRecipient + "  from SOPS_AGE_KEY_FILE (" + otherKey + ")"),
                "the key found and where: " + r.stderr());
        assertTrue(r.stderr().contains("likely fix: none of your keys is a recipient"), r.stderr());
        assertTrue(r.stderr().contains("secrets updatekeys"), r.stderr());
        assertFalse(r.stderr().contains("AGE-SECRET-KEY"), "a private key printed: " + r.stderr());
        String secret = Files.readString(otherKey).lines().filter(l -> l.startsWith("AGE-SECRET-KEY")).findFirst().orElseThrow();
        assertFalse(r.stderr().toUpperCase().contains(secret.substring(15, 40)), "part of the private key printed");
        assertFalse(r.stderr().contains("s3cr3t"));
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].startsWith("  "), "second part indented: " + lines[i]);
        }
    }

    @Test
    void everyVerbThatOpensAFileSaysWhy() throws Exception {
        assertDiagnosed(wrongKey().run("decrypt", "s.yaml"), "s.yaml");
        assertDiagnosed(wrongKey().run("-d", "s.yaml"), "s.yaml");
        assertDiagnosed(wrongKey().stdin(repo.read("s.yaml")).run("decrypt", "--input-type", "yaml"), "<stdin>");
        assertDiagnosed(wrongKey().run("edit", "s.yaml"), "s.yaml");
        assertDiagnosed(wrongKey().run("set", "s.yaml", "token", "\"x\""), "s.yaml");
        assertDiagnosed(wrongKey().run("exec-env", "s.yaml", "--", "true"), "s.yaml");
        assertDiagnosed(wrongKey().run("exec-file", "s.yaml", "--", "true"), "s.yaml");
        assertDiagnosed(wrongKey().run("rotate", "s.yaml"), "s.yaml");
        assertDiagnosed(wrongKey().run("deploy", "svc"), ".env.enc");
        assertFalse(Files.exists(tmp.resolve("svc/.env")));
    }

    @Test
    void bulkRunsDiagnoseEachFailedFile() throws Exception {
        Cli.Result r = wrongKey().run("rotate", "--all", "--no-backup");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("rotate failed: "), r.stderr());
        assertTrue(r.stderr().contains("key group 1: age " + TestRepo.recipient()), r.stderr());
        assertTrue(r.stderr().contains(otherRecipient + "  from SOPS_AGE_KEY_FILE"), r.stderr());
        assertFalse(r.stderr().contains("AGE-SECRET-KEY"));
        // updatekeys: a rule with another recipient, so the file must be opened
        repo.write(".sops.yaml", "creation_rules:\n  - age: " + otherRecipient + "\n");
        Cli.Result update = wrongKey().run("updatekeys", "-y", "s.yaml");
        assertEquals(128, update.exit(), update.toString());
        assertTrue(update.stderr().contains("updatekeys failed: "), update.stderr());
        assertTrue(update.stderr().contains("key group 1: age " + TestRepo.recipient()), update.stderr());
        assertTrue(update.stderr().contains("likely fix: "), update.stderr());
    }

    @Test
    void noKeyAtAll() {
        Cli.Result r = new Cli().dir(tmp).run("decrypt", "s.yaml");
        assertEquals(128, r.exit(), r.toString());
        assertTrue(r.stderr().contains("key group 1: age " + TestRepo.recipient()), r.stderr());
        assertTrue(r.stderr().contains("no age identity was found"), r.stderr());
        assertTrue(r.stderr().contains("likely fix: give your key"), r.stderr());
    }

    @Test
    void theRightKeyIsNotDiagnosed() {
        Cli.Result r = repo.cli().run("decrypt", "s.yaml");
        assertEquals(0, r.exit());
        assertEquals("", r.stderr());
        // other failures stay one line
        repo.write("bad.yaml", repo.read("s.yaml").replace("mac: ENC[", "mac: ENC[x"));
        Cli.Result mac = repo.cli().run("decrypt", "bad.yaml");
        assertTrue(mac.exit() != 0 && mac.exit() != 128, mac.toString());
        assertEquals(1, mac.stderr().split("\n").length, mac.stderr());
    }
}
