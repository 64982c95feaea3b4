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
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fast reader against snakeyaml-engine's events ({@link YamlEventComposer}): whenever it reads
 * a text, the full reader must read that text without error into the same nodes (texts, styles,
 * tags, positions) and the same comment lines. Texts are generated around the subset's edges and
 * mutated character by character; real sops files must be read by the fast reader.
 */
class FastYamlReaderTest {
    private static final String[] KEYS = {"a", "b", "key_1", "KEY", "b.c", "x-y", "p/q", "1", "0x1F", "true", "null",
        "yes", "~", ".x", "-x", "_x", "a b", "<<", "...", "---", "a:b", "\"q\"", "'s'", "é", "k#", "k ", "?", "sops",
        "enc", "lastmodified"};
    private static final String[] PLAIN = {"1", "-5", "+3", "0x1F", "012", "1.5", "1e3", ".5", ".inf", "true", "yes",
        "No", "~", "null", "a", "a b", "a  b", "a #b", "a#b", "a: b", "a:b", "a:", "http://x:8080/p", "-", "--", "-x",
        "- x", "?", "? x", "?x", ":x", ": x", "@x", "`x", "%x", "&a x", "*a", "!t x", "!!str x", "[]", "{}", "[a]",
        "{a: b}", "[ ]", "[]x", "\"dq\"", "\"d\\nq\"", "\"a\\\\\"", "\"\"", "\"a\"b", "\"a\" #c", "\"un", "'sq'",
        "'it''s'", "''", "'a'b", ">", ">-", "#", "é", "日本", "a\u00A0b", "x\u2028y", "a\tb", "ENC[AES256_GCM,data:Zm9v,iv:"
        + "MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]",
        "2024-01-02T03:04:05Z", "12:30:00", "a, b", "a]b", "a}b", "a,b", "x\\y", "a 'b'", "a \"b\""};
    private static final String[] COMMENTS = {"", " c", "#", " ENC[AES256_GCM,data:x,type:comment]", " a: b", "  trailing  ",
        " é", " - x"};
    private static final String MUTATIONS = " \t:-#\n\"'|>[]{}&*!?,.%@`\\\r\u00A0x0";

    private final Random random = new Random(Long.getLong("seed", 20260603));

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

    // ---- generated texts ---------------------------------------------------------------------------

    private <T> T pick(T[] a) {
        return a[random.nextInt(a.length)];
    }

    private String key() {
        return random.nextInt(3) == 0 ? pick(KEYS) : "k" + random.nextInt(50);
    }

    private String spaces(int n) {
        return " ".repeat(Math.max(0, n));
    }

    private void maybeNoise(StringBuilder b, int indent) {
        int r = random.nextInt(12);
        if (r == 0) {
            b.append('\n');
        } else if (r == 1) {
            b.append(spaces(random.nextInt(6))).append('\n');
        } else if (r < 4) {
            b.append(spaces(random.nextInt(3) == 0 ? random.nextInt(8) : indent)).append('#').append(pick(COMMENTS)).append('\n');
        }
    }

    private String lineEnd() {
        return random.nextInt(6) == 0 ? spaces(1 + random.nextInt(2)) + "#" + pick(COMMENTS) : random.nextInt(10) == 0 ? " " : "";
    }

    /** A value after "key:" or "-": on the line, or below it. */
    private void value(StringBuilder b, int indent, int depth) {
        int r = random.nextInt(10);
        if (depth < 4 && r < 3) {
            b.append(lineEnd()).append('\n');
            maybeNoise(b, indent);
            int child = indent + (random.nextInt(4) == 0 ? random.nextInt(2) : 1 + random.nextInt(4));
            if (random.nextBoolean()) {
                mapping(b, child, depth + 1);
            } else {
                sequence(b, random.nextInt(4) == 0 ? indent : child, depth + 1);
            }
        } else if (r == 3) {
            b.append(" |").append(random.nextInt(3) == 0 ? "-" : random.nextInt(8) == 0 ? "+" : "").append('\n');
            int ci = indent + (random.nextInt(5) == 0 ? random.nextInt(2) : 1 + random.nextInt(3));
            int lines = 1 + random.nextInt(3);
            for (int i = 0; i < lines; i++) {
                int extra = random.nextInt(5) == 0 ? random.nextInt(3) : 0;
                String text = random.nextInt(5) == 0 ? "# not a comment" : pick(PLAIN);
                b.append(spaces(ci + extra)).append(text).append('\n');
                if (random.nextInt(8) == 0) {
                    b.append(random.nextBoolean() ? "" : spaces(random.nextInt(ci + 3))).append('\n');
                }
            }
        } else if (r == 4) {
            b.append(lineEnd()).append('\n');
        } else {
            b.append(' ').append(pick(PLAIN)).append(lineEnd()).append('\n');
        }
        maybeNoise(b, indent);
    }

    private void mapping(StringBuilder b, int indent, int depth) {
        int entries = 1 + random.nextInt(4);
        for (int i = 0; i < entries; i++) {
            b.append(spaces(indent)).append(key()).append(':');
            value(b, indent, depth);
        }
    }

    private void sequence(StringBuilder b, int indent, int depth) {
        int entries = 1 + random.nextInt(3);
        for (int i = 0; i < entries; i++) {
            b.append(spaces(indent)).append('-');
            if (depth < 4 && random.nextInt(3) == 0) {
                // a map in the list item, its first key on the dash's line
                int gap = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                b.append(spaces(gap)).append(key()).append(':');
                value(b, indent + 1 + gap, depth + 1);
                if (random.nextBoolean()) {
                    b.append(spaces(indent + 1 + gap)).append(key()).append(':');
                    value(b, indent + 1 + gap, depth + 1);
                }
            } else {
                value(b, indent, depth);
            }
        }
    }

    private String document() {
        StringBuilder b = new StringBuilder();
        maybeNoise(b, 0);
        mapping(b, 0, 0);
        String s = b.toString();
        return random.nextInt(10) == 0 ? s.substring(0, s.length() - 1) : s;
    }

    private String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length() + 1);
            char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, c);
                case 1 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < b.length()) {
                        b.setCharAt(at, c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Test
    void generatedTextsReadAsSnakeyamlReadsThem() {
        int read = 0;
        int total = Integer.getInteger("n", 20_000);
        for (int i = 0; i < total; i++) {
            if (check(document())) {
                read++;
            }
        }
        // the generator stays mostly inside the subset: most texts take the fast path
        assertTrue(read > total / 10, "fast path read only " + read + " of " + total);
    }

    @Test
    void mutatedTextsReadAsSnakeyamlReadsThem() {
        for (int i = 0, n = Integer.getInteger("n", 20_000); i < n; i++) {
            check(mutate(document()));
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
