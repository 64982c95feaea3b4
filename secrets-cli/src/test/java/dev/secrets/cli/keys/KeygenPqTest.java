package dev.secrets.cli.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen --pq writes age-keygen -pq's three lines, and the key encrypts and opens a file through the CLI. */
class KeygenPqTest {
    @TempDir
    Path tmp;

    @Test
    void aPostQuantumKeyEncryptsAndOpensAFile() throws Exception {
        Cli.Result gen = new Cli().dir(tmp).run("keygen", "--pq", "-o", "pq.txt");
        assertEquals(0, gen.exit(), gen.toString());
        List<String> lines = Files.readAllLines(tmp.resolve("pq.txt"));
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("# created: "), lines.get(0));
        String recipient = lines.get(1).substring("# public key: ".length());
        assertTrue(recipient.startsWith("age1pq1"), recipient);
        assertTrue(lines.get(2).startsWith("AGE-SECRET-KEY-PQ-1"), "identity line");
        assertTrue(gen.stderr().contains(recipient), gen.stderr());

        Files.writeString(tmp.resolve("app.env"), "TOKEN=post-quantum\n");
        Cli.Result enc = new Cli().dir(tmp).run("encrypt", "--age", recipient, "--output", "app.enc.env", "app.env");
        assertEquals(0, enc.exit(), enc.toString());
        Cli.Result dec = new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", tmp.resolve("pq.txt").toString()).run("decrypt", "app.enc.env");
        assertEquals(0, dec.exit(), dec.toString());
        assertEquals("TOKEN=post-quantum\n", dec.stdout());
    }
}
