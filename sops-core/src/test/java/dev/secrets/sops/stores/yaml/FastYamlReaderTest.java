package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secrets.sops.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fast reader against snakeyaml-engine's events ({@link YamlEventComposer}): whenever it reads
 * a text, the full reader must read that text without error into the same nodes (texts, styles,
 * tags, positions) and the same comment lines. Texts are generated around the subset's edges and
 * mutated character by character; real sops files must be read by the fast reader.
 */
class FastYamlReaderTest {
    private final YamlTextGenerator generator = new YamlTextGenerator(Long.getLong("seed", 20260603));

    // ---- description of a parse, for comparison ---------------------------------------------------

    static String describe(List<YamlEventComposer.Document> docs) {
        StringBuilder b = new StringBuilder();
        for (YamlEventComposer.Document d : docs) {
            node(d.root(), b);
            b.append('\n');
            for (YamlEventComposer.CommentLine c : d.comments()) {
                b.append("#").append(c.line()).append(':').append(c.column()).append(c.inline() ? "i" : "")
                        .append('[').append(c.text()).append("]\n");
            }
            b.append("---\n");
        }
        return b.toString();
    }

    private static void node(YamlNode n, StringBuilder b) {
        if (n == null) {
            b.append("null");
            return;
        }
        b.append('@').append(n.line).append(':').append(n.column);
        if (n instanceof YamlNode.Scalar s) {
            b.append(s.plain ? "P" : "Q").append(s.tag == null ? "" : "!" + s.tag).append('[').append(s.text).append(']');
        } else if (n instanceof YamlNode.Mapping m) {
            b.append(m.flow ? "{" : "M(").append(m.tag == null ? "" : "!" + m.tag);
            for (int i = 0; i < m.keys.size(); i++) {
                node(m.keys.get(i), b);
                b.append('=');
                node(m.values.get(i), b);
                b.append(';');
            }
            b.append(')');
        } else if (n instanceof YamlNode.Sequence s) {
            b.append(s.flow ? "[" : "L(");
            for (YamlNode item : s.items) {
                node(item, b);
                b.append(',');
            }
            b.append(')');
        } else {
            b.append("alias");
        }
    }

    /** The fast reader's view of a text, checked against the full reader's; true when it read it. */
    private static boolean check(String text) {
        List<YamlEventComposer.Document> fast = FastYamlReader.read(text);
        if (fast == null) {
            return false;
        }
        List<YamlEventComposer.Document> full;
        try {
            full = new YamlEventComposer(text).documents();
        } catch (RuntimeException | StackOverflowError e) {
            fail("fast reader read what snakeyaml-engine refuses (" + e + "):\n" + text);
            return true;
        }
        assertEquals(describe(full), describe(fast), text);
        return true;
    }

    @Test
    void generatedTextsReadAsSnakeyamlReadsThem() {
        int read = 0;
        int total = Integer.getInteger("n", 20_000);
        for (int i = 0; i < total; i++) {
            if (check(generator.document())) {
                read++;
            }
        }
        // the generator stays mostly inside the subset: most texts take the fast path
        assertTrue(read > total / 10, "fast path read only " + read + " of " + total);
    }

    @Test
    void mutatedTextsReadAsSnakeyamlReadsThem() {
        for (int i = 0, n = Integer.getInteger("n", 20_000); i < n; i++) {
            check(generator.mutate(generator.document()));
        }
    }

    @Test
    void handWrittenEdges() {
        String[] texts = {
            "a: 1\n", "a: 1", "a:\n", "a:", "a: # c\n", "a:\n  b: 1\n", "a:\n- x\n- y\nb: 2\n", "a:\n  - x\n  -\n  - y # c\n",
            "a: |\n  x\n  y\nb: 1\n", "a: |-\n  x\n", "a: |\n  x\n\nb: 1\n", "a: |\n  x\n\n  y\n", "a: |\n  x\n  \nb: 1\n",
            "a: |\n  x", "a: \"x\" # c\n", "a: 'x' \n", "a: []\nb: {}\n", "# head\na: 1 # tail\n# foot\n",
            "a:\n  # inner\n  b: 1\n  # foot\nc: 2\n", "- a\n", "a: 1\n  b: 2\n", "a: 1\n---\nb: 2\n", "a: b: c\n",
            "a:\n    - b: 1\n      c: 2\n    - d\n", "a:\n  -   b: 1\n      c: 2\n", "\n\na: 1\n\n", "   \na: 1\n",
            "a: x\n #c\n", "a: x\n  #c\nb: y\n", "a:\n #c\n  b: 1\n", "a:\n- b: |\n    x\n  c: 1\n",
        };
        for (String t : texts) {
            check(t);
        }
        assertNotNull(FastYamlReader.read("a: 1\nb:\n  c: [x]\n".replace("[x]", "x")));
        assertNull(FastYamlReader.read("a: &x 1\nb: *x\n"));
        assertNull(FastYamlReader.read("a: \"x\\ty\"\n"));
        assertNull(FastYamlReader.read("a:\tb\n"));
    }

    @Test
    void realFilesAreReadFast() throws IOException {
        List<Path> files = new ArrayList<>();
        Path corpus = SharedTestData.corpusDir();
        try (Stream<Path> s = Files.walk(corpus)) {
            s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).forEach(files::add);
        }
        Path repo = Path.of("").toAbsolutePath().getParent().resolve("testdata");
        if (Files.isDirectory(repo)) {
            try (Stream<Path> s = Files.walk(repo)) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).forEach(files::add);
            }
        }
        int fast = 0;
        for (Path p : files) {
            String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            if (check(text)) {
                fast++;
            }
        }
        assertTrue(fast >= files.size() / 2, "fast path read " + fast + " of " + files.size());
    }
}
