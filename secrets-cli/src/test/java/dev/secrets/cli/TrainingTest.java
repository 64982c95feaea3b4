package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.secrets.cli.Training", example.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("SOPS_") || k.startsWith("SECRETS_"));
        pb.environment().put("SOPS_AGE_KEY_FILE", TestRepo.KEY_FILE.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        // the decrypted example (twice: service and file form) and an encrypted copy of .env.example
        assertTrue(out.split("CADDY_DOMAIN=example.test", -1).length >= 3, out);
        assertTrue(out.contains("sops_mac=ENC["), out);
        assertTrue(out.contains("docker compose"), out);
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
