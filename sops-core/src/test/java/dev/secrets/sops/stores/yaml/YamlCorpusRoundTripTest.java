package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.stores.Store;
import dev.secrets.sops.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Real sops-written YAML files: load, then emit again, byte for byte. */
class YamlCorpusRoundTripTest {
    private final YamlStore store = new YamlStore(0);

    /** Corpus YAML files written by sops 3.10 or newer (the manifest's files and their age-rewrapped copies). */
    static List<Path> modernFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (SharedTestData.CorpusFile f : SharedTestData.manifest()) {
            if (f.store().equals("yaml") && atLeast310(f.sopsVersion())) {
                files.add(f.path());
            }
        }
        for (Path p : SharedTestData.ageRewrapped()) {
            if (p.toString().endsWith(".yaml") && atLeast310(versionOf(p))) {
                files.add(p);
            }
        }
        return files;
    }

    static boolean atLeast310(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 3 || (major == 3 && minor >= 10);
    }

    static String versionOf(Path p) throws IOException {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (line.startsWith("    version: ")) {
                return line.substring("    version: ".length()).trim();
            }
        }
        throw new IllegalStateException("no version in " + p);
    }

    @TestFactory
    Stream<DynamicTest> modernFilesRoundTripByteExact() throws IOException {
        List<Path> files = modernFiles();
        assertTrue(files.size() >= 4, "expected the 3.10+ corpus files, found " + files);
        return files.stream().map(p -> DynamicTest.dynamicTest(SharedTestData.corpusDir().relativize(p).toString(), () -> {
            byte[] original = Files.readAllBytes(p);
            Store.EncryptedDocuments loaded = store.loadEncrypted(original);
            assertNotNull(loaded.metadata());
            byte[] emitted = store.emitEncrypted(loaded.documents(), loaded.metadata());
            assertEquals(new String(original, StandardCharsets.UTF_8), new String(emitted, StandardCharsets.UTF_8));
        }));
    }
}
