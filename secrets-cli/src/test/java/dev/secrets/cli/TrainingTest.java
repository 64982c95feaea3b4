package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The launcher's training run works on the bundled example and leaves it as it was. */
class TrainingTest {
    @Test
    void runsEveryStepOnTheExampleAndWritesNothing() throws Exception {
        Path example = TestRepo.projectRoot().resolve("testdata");
        Map<Path, byte[]> before = snapshot(example);
        Cli.Result r = new Cli().env("SOPS_AGE_KEY_FILE", TestRepo.KEY_FILE.toString())
                .mainClass("dev.secrets.cli.Training").run(example.toString());
        assertEquals(0, r.exit(), r.toString());
        String out = r.stdout();
        // the decrypted example (twice: service and file form), an encrypted copy of .env.example, and
        // .env.example once more through the post-quantum round trip
        assertEquals(3, out.split("CADDY_DOMAIN=example.test", -1).length - 1, out);
        assertTrue(out.contains("sops_mac=ENC["), out);
        assertTrue(out.contains("docker compose"), out);
        assertTrue(r.stderr().contains("age1pq1"), "keygen --pq's public key on stderr: " + r.stderr());
        Map<Path, byte[]> after = snapshot(example);
        assertEquals(before.keySet(), after.keySet(), "files added or removed under testdata");
        before.forEach((file, bytes) -> assertTrue(java.util.Arrays.equals(bytes, after.get(file)), file + " changed"));
    }

    private static Map<Path, byte[]> snapshot(Path root) throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                files.put(f, Files.isRegularFile(f) ? Files.readAllBytes(f) : new byte[0]);
            }
        }
        return files;
    }
}
