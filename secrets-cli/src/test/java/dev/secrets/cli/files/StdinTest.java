package dev.secrets.cli.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.TestRepo;
import dev.secrets.sops.testing.Oracle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** encrypt/decrypt reading stdin as sops 3.10+ (no file argument), and any readable path as input. */
class StdinTest {
    @TempDir
    Path tmp;
    TestRepo repo;

    /** name, type, plaintext: one per store. */
    static final String[][] STORES = {
        {"s.yaml", "yaml", "db:\n    password: s3cr3t\nport: 5432\n"},
        {"s.json", "json", "{\n\t\"password\": \"s3cr3t\",\n\t\"n\": 1\n}\n"},
        {"s.env", "dotenv", "PASSWORD=s3cr3t\nUSER=admin\n"},
        {"s.ini", "ini", "[db]\npassword = s3cr3t\n"},
        {"s.bin", "binary", "raw s3cr3t bytes\n"},
    };

    @BeforeEach
    void setUp() {
        repo = new TestRepo(tmp);
    }

    @Test
    void pipelinesThroughStdinInEveryStore() throws Exception {
        for (String[] s : STORES) {
            Cli.Result enc = repo.cli().stdin(s[2]).run("encrypt", "--filename-override", s[0]);
            assertEquals(0, enc.exit(), s[0] + ": " + enc);
            assertFalse(enc.stdout().contains("s3cr3t"), s[0]);
            Path encrypted = tmp.resolve("enc-" + s[0]);
            Files.write(encrypted, enc.stdoutBytes());
            Oracle.Result oracle = Oracle.run(encrypted, s[1], "--age-key-file", TestRepo.KEY_FILE.toString());
            assertEquals(0, oracle.exitCode(), s[0] + ": " + oracle.stderr());
            // decrypt from stdin: the type from --input-type, or from --filename-override
            Cli.Result byType = repo.cli().stdin(enc.stdout()).run("decrypt", "--input-type", s[1], "--output-type", s[1]);
            assertEquals(0, byType.exit(), s[0] + ": " + byType);
            assertEquals(s[2], byType.stdout(), s[0]);
            Cli.Result byName = repo.cli().stdin(enc.stdout()).run("decrypt", "--filename-override", s[0]);
            assertEquals(0, byName.exit(), s[0] + ": " + byName);
            assertEquals(s[2], byName.stdout(), s[0]);
            // the same bytes as from the file
            Cli.Result fromFile = repo.cli().run("decrypt", "--input-type", s[1], "--output-type", s[1], encrypted.toString());
            assertArrayEquals(fromFile.stdoutBytes(), byType.stdoutBytes(), s[0]);
        }
    }

    @Test
    void stdinRefusesInPlaceAndEncryptNeedsAName() {
        Cli.Result noName = repo.cli().stdin("a: 1\n").run("encrypt");
        assertEquals(8, noName.exit(), noName.toString());
        assertTrue(noName.stderr().contains("--filename-override"), noName.stderr());
        Cli.Result inPlace = repo.cli().stdin("a: 1\n").run("encrypt", "-i", "--filename-override", "a.yaml");
        assertEquals(8, inPlace.exit(), inPlace.toString());
        assertTrue(inPlace.stderr().contains("--in-place"), inPlace.stderr());
        assertEquals(8, repo.cli().stdin("x").run("decrypt", "-i", "--input-type", "yaml").exit());
        // --output still works from stdin
        Cli.Result out = repo.cli().stdin("a: 1\n").run("encrypt", "--filename-override", "a.yaml", "--output", "a.enc.yaml");
        assertEquals(0, out.exit(), out.toString());
        assertEquals("a: 1\n", repo.cli().run("decrypt", "a.enc.yaml").stdout());
    }

    @Test
    void filenameOverrideChoosesTheCreationRule() throws Exception {
        // a second recipient only for prod/: the override's path decides which rule applies
        String other = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^prod/\n    age: " + TestRepo.recipient() + "," + other
                + "\n  - age: " + TestRepo.recipient() + "\n");
        Cli.Result prod = repo.cli().stdin("a: 1\n").run("encrypt", "--filename-override", "prod/s.yaml");
        assertEquals(0, prod.exit(), prod.toString());
        assertTrue(prod.stdout().contains(other), "prod rule applied");
        Cli.Result dev = repo.cli().stdin("a: 1\n").run("encrypt", "--filename-override", "dev/s.yaml");
        assertFalse(dev.stdout().contains(other), "default rule applied");
    }

    @Test
    void readsAFifo() throws Exception {
        repo.write("s.yaml", "token: s3cr3t\n");
        byte[] encrypted = repo.cli().run("encrypt", "s.yaml").stdoutBytes();
        Path fifo = tmp.resolve("pipe.yaml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor(), "mkfifo");
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(encrypted);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Cli.Result dec = repo.cli().run("decrypt", fifo.toString());
        writer.join(10_000);
        assertEquals(0, dec.exit(), dec.toString());
        assertEquals("token: s3cr3t\n", dec.stdout());
    }

    @Test
    void readsDevStdinInAProcessOfItsOwn() {
        repo.write("s.json", "{\"token\": \"s3cr3t\"}");
        String encrypted = repo.cli().run("encrypt", "s.json").stdout();
        Cli.Result dec = repo.cli().stdin(encrypted).runChild("decrypt", "--input-type", "json", "--output-type", "json", "/dev/stdin");
        assertEquals(0, dec.exit(), dec.toString());
        assertEquals("{\n\t\"token\": \"s3cr3t\"\n}\n", dec.stdout());
        Cli.Result enc = repo.cli().stdin("{\"a\": \"b\"}").runChild("encrypt", "--input-type", "json", "--output-type", "json",
                "/dev/stdin");
        assertEquals(0, enc.exit(), enc.toString());
        assertTrue(enc.stdout().contains("\"sops\""), enc.stdout());
    }
}
