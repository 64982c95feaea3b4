package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
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

    /**
     * Files from sops before 3.10. 3.7.x already wrote today's layout and round-trips exactly. sops
     * 3.3/3.6 (older go-yaml) wrote the metadata differently: single-quoted dates and list items
     * indented as {@code -   created_at:}. Their data part (values and comments, which is what the
     * MAC and AADs cover) must come back byte for byte, and the metadata must be the same tree.
     */
    @TestFactory
    Stream<DynamicTest> olderFilesKeepTheirDataPartExactly() throws IOException {
        List<Path> files = new ArrayList<>();
        for (SharedTestData.CorpusFile f : SharedTestData.manifest()) {
            if (f.store().equals("yaml") && !atLeast310(f.sopsVersion())) {
                files.add(f.path());
            }
        }
        for (Path p : SharedTestData.ageRewrapped()) {
            if (p.toString().endsWith(".yaml") && !atLeast310(versionOf(p))) {
                files.add(p);
            }
        }
        assertTrue(files.size() >= 6, "expected the older corpus files, found " + files);
        return files.stream().map(p -> DynamicTest.dynamicTest(SharedTestData.corpusDir().relativize(p).toString(), () -> {
            String original = Files.readString(p, StandardCharsets.UTF_8);
            Store.EncryptedDocuments loaded = store.loadEncrypted(original.getBytes(StandardCharsets.UTF_8));
            String emitted = new String(store.emitEncrypted(loaded.documents(), loaded.metadata()),
                    StandardCharsets.UTF_8);
            int cut = original.indexOf("\nsops:\n") + 1;
            assertEquals(original.substring(0, cut), emitted.substring(0, cut), "data part");
            assertTrue(emitted.startsWith("sops:\n", cut));
            Store.EncryptedDocuments again = store.loadEncrypted(emitted.getBytes(StandardCharsets.UTF_8));
            assertEquals(loaded.metadata(), again.metadata());
            assertEquals(loaded.documents(), again.documents());
            if (versionOf(p).startsWith("3.7.")) {
                assertEquals(original, emitted);
            } else {
                assertTrue(original.contains("lastmodified: '"), "old layout quotes dates with '");
                assertTrue(emitted.contains("lastmodified: \""), "3.13 layout quotes dates with \"");
                assertTrue(original.contains("\n    -   "), "old layout: indentless list items");
            }
        }));
    }

    /** The plaintext inputs of the corpus: load then emit gives the same text, and emitting is stable. */
    @TestFactory
    Stream<DynamicTest> plaintextFilesRoundTrip() {
        return Stream.of(
                new String[] {"sops-upstream/comments.yaml",
                        "# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n"},
                // sops indents lists in maps: "- foo" moves under "lorem:"
                new String[] {"sops-upstream/comments_list.yaml",
                        "lorem:\n    - foo\n    #this-is-a-comment\n    - bar\n"},
                new String[] {"sops-upstream/plainfile.yaml", "hello: world\n"})
                .map(c -> DynamicTest.dynamicTest(c[0], () -> {
                    byte[] original = Files.readAllBytes(SharedTestData.corpusDir().resolve(c[0]));
                    String emitted = new String(store.emitPlain(store.loadPlain(original)), StandardCharsets.UTF_8);
                    assertEquals(c[1], emitted);
                    String again = new String(store.emitPlain(store.loadPlain(emitted.getBytes(StandardCharsets.UTF_8))),
                            StandardCharsets.UTF_8);
                    assertEquals(emitted, again);
                }));
    }

    /**
     * Encrypted comments must land in the map whose key path is their AAD: in upstream example.yaml
     * they decrypt with "app2:db:" and "this:is:a:nested:" (checked with the data key), i.e. they
     * trail those maps.
     */
    @Test
    void exampleYamlCommentsTrailTheMapsTheyWereEncryptedIn() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedTestData.corpusDir().resolve("sops-upstream/example.yaml"));
        Branch doc = store.loadEncrypted(bytes).documents().get(0);
        Branch db = (Branch) ((Branch) doc.get("app2")).get("db");
        assertEquals(List.of(false, false, true), db.items().stream().map(i -> i.isComment()).toList());
        Branch nested = doc;
        for (String k : new String[] {"this", "is", "a", "nested"}) {
            nested = (Branch) nested.get(k);
        }
        assertEquals(List.of(false, true, true, true), nested.items().stream().map(i -> i.isComment()).toList());
        assertTrue(((Comment) nested.items().get(1).key()).text().startsWith("ENC[AES256_GCM,"));
    }
}
