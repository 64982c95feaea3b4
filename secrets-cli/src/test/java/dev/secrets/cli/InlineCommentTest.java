package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.testing.Oracle;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML end-of-line comments as sops 3.13 writes them (#2131, commit 42f75bedd): encrypted, the comment
 * stays after its value ({@code key: ENC[…] #ENC[…,type:comment]}); decrypted, it has lost the mark
 * (sops' cipher returns {@code Comment{Value}}) and is written on a line of its own above its key.
 */
class InlineCommentTest {
    private static final String ENC = "ENC\\[AES256_GCM,data:[^\\]]*,type:";

    @TempDir
    Path tmp;
    TestRepo repo;

    @BeforeEach
    void setUp() {
        repo = new TestRepo(tmp);
    }

    @Test
    void anEncryptedEndOfLineCommentStaysAfterItsValue() throws Exception {
        repo.write("s.yaml", "# head\ndb:\n    password: s3cr3t # rotate yearly\n    port: 5432\n");
        Cli.Result enc = repo.cli().run("encrypt", "s.yaml");
        assertEquals(0, enc.exit(), enc.toString());
        String out = enc.stdout();
        assertTrue(Pattern.compile("(?m)^    password: " + ENC + "str\\] #" + ENC + "comment\\]$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^    port: " + ENC + "int\\]$").matcher(out).find(), out);
        // a head comment stays on its own line
        assertTrue(Pattern.compile("(?m)^#" + ENC + "comment\\]\\ndb:$").matcher(out).find(), out);

        Path file = repo.write("s.enc.yaml", out);
        Oracle.Result oracle = Oracle.run(file, "yaml", "--age-key-file", TestRepo.KEY_FILE.toString());
        assertEquals(0, oracle.exitCode(), oracle.stderr());

        Cli.Result dec = repo.cli().run("decrypt", "s.enc.yaml");
        assertEquals(0, dec.exit(), dec.toString());
        assertEquals("# head\ndb:\n    # rotate yearly\n    password: s3cr3t\n    port: 5432\n", dec.stdout());
    }

    @Test
    void anEncryptedListCommentIsAListElementAsInSops() {
        // (not checked by the oracle: it hashes decrypted list comments, sops does not)
        repo.write("s.yaml", "list:\n    - a # first\n    - b\n");
        Cli.Result enc = repo.cli().run("encrypt", "s.yaml");
        assertEquals(0, enc.exit(), enc.toString());
        assertTrue(Pattern.compile("(?m)^    - " + ENC + "comment\\]\\n    - " + ENC + "str\\]$").matcher(enc.stdout()).find(),
                enc.stdout());
        repo.write("s.enc.yaml", enc.stdout());
        assertEquals("list:\n    # first\n    - a\n    - b\n", repo.cli().run("decrypt", "s.enc.yaml").stdout());
    }

    @Test
    void anUnencryptedCommentKeepsItsPlaceBothWays() throws Exception {
        repo.write("s.yaml", "token: s3cr3t # sops:enc\nplain: x # visible\n");
        Cli.Result enc = repo.cli().run("encrypt", "--unencrypted-comment-regex", "visible", "s.yaml");
        assertEquals(0, enc.exit(), enc.toString());
        assertTrue(Pattern.compile("(?m)^token: " + ENC + "str\\] #" + ENC + "comment\\]$").matcher(enc.stdout()).find(),
                enc.stdout());
        assertTrue(enc.stdout().contains("plain: x # visible\n"), enc.stdout());
        repo.write("s.enc.yaml", enc.stdout());
        assertEquals("# sops:enc\ntoken: s3cr3t\nplain: x # visible\n", repo.cli().run("decrypt", "s.enc.yaml").stdout());
    }
}
