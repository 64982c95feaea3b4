package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secrets.sops.testing.SharedTestData;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
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
 * FastYamlReader's two contracts, input by input. (1) Whenever it returns a document, that document
 * equals what snakeyaml-engine's events give ({@link YamlEventComposer}): nodes, styles, positions,
 * comment lines. (2) It reads, rather than declines, the subset its javadoc documents: every YAML
 * file of the shared corpus (the files sops wrote and the plain inputs of sops' own tests), what our
 * emitter writes for an encrypted file, and each
 * construct of the subset at its edges (key characters and length, indentation, bare dashes,
 * indentless lists, quotes, literal blocks, comments, blank lines, the end of the text without a
 * line break, non-ASCII printable characters).
 */
class FastYamlReaderSpecTest {

    /** Contract (1) for a text outside the subset or refused by YAML: declined, or read alike. */
    private static void declinedOrAlike(String text) {
        List<YamlEventComposer.Document> fast = FastYamlReader.read(text);
        if (fast == null) {
            return;
        }
        List<YamlEventComposer.Document> full;
        try {
            full = new YamlEventComposer(text).documents();
        } catch (RuntimeException | StackOverflowError e) {
            fail("fast reader read what snakeyaml-engine refuses (" + e + "):\n" + text);
            return;
        }
        assertEquals(FastYamlReaderTest.describe(full), FastYamlReaderTest.describe(fast), text);
    }

    /** Contracts (1) and (2) for a text inside the subset: read, and read as snakeyaml-engine reads it. */
    private static void readAlike(String text) {
        List<YamlEventComposer.Document> full = new YamlEventComposer(text).documents();
        List<YamlEventComposer.Document> fast = FastYamlReader.read(text);
        assertNotNull(fast, () -> "fast reader declined a text of its subset:\n" + text);
        assertEquals(FastYamlReaderTest.describe(full), FastYamlReaderTest.describe(fast), text);
        // the printable-ASCII entry point (YamlDocumentReader's) reads it the same
        if (text.chars().allMatch(c -> c == '\n' || c >= 0x20 && c <= 0x7E)) {
            assertEquals(FastYamlReaderTest.describe(full), FastYamlReaderTest.describe(FastYamlReader.readChecked(text)), text);
        }
    }

    // ---- the subset, construct by construct ------------------------------------------------------

    @Test
    void keysOfEveryKeyCharacterAndUpToTheLengthLimit() {
        // simple keys: letters, digits, '_', '.', '/' first, '-' after; the first and last of each range
        readAlike("a: 1\nz: 2\nA: 3\nZ: 4\n0x: 5\n9x: 6\n_x: 7\n.x: 8\n/x: 9\nk-9/z.Z_0aA: 10\n");
        for (String k : new String[] {"a", "z", "A", "Z", "0", "9", "_", ".", "/"}) {
            readAlike(k + k + ": v\n");
            readAlike("x:\n  y" + k + ": v\n");
        }
        // keys up to 1000 characters take the fast path (snakeyaml's limit for a simple key is 1024)
        readAlike("k".repeat(1000) + ": v\n");
        readAlike("a:\n  " + "k".repeat(999) + "-: v\n");
        for (int length = 1001; length <= 1030; length++) {
            declinedOrAlike("k".repeat(length) + ": v\n");
        }
        // "..." is a document end marker only at column 0; indented it is a key
        readAlike("a:\n  ...: 1\n  ..x: 2\n");
    }

    @Test
    void blankAndCommentLinesAnywhere() {
        readAlike("\na: 1\n");
        readAlike("\n\na: 1\n\nb: 2\n\n");
        readAlike("a: 1\n\n\nb:\n  c: 2\n\n  d: 3\n\ne: 4\n");
        readAlike("a: 1\n   ");
        readAlike("a: 1\n   \n");
        readAlike("# head\n\na: 1 # tail\n#foot\n");
        readAlike("a:\n  # inner\n  b: 1\n  #foot\nc: 2\n");
        readAlike("a: 1 #c\n");
        readAlike("a: 1   # c\n");
        readAlike("a: x y #z\nb: 'q' #c\nc: \"d\" # e\nd: [] #f\ne: {}  # g\n");
        readAlike("a: # c\n  b: 1\n");
        readAlike("a: #c\nb: 1\n");
        readAlike("a:\n  - x #c\n  - # d\n    y: 1\n");
    }

    @Test
    void theEndOfTheTextWithoutALineBreak() {
        readAlike("a: 1");
        readAlike("a: 1\nb: x y");
        readAlike("a: 1\nb:");
        readAlike("a: 1\nb: ");
        readAlike("a: 'x'");
        readAlike("a: \"x\"");
        readAlike("a: []");
        readAlike("a: {}");
        readAlike("a: x # c");
        readAlike("a:\n  - x\n  -");
        readAlike("a:\n- x\n- ");
        readAlike("a:\n  b: 1\n# c");
    }

    @Test
    void blockSequencesIndentedOrNot() {
        readAlike("a:\n- x\n- y\nb: 1\n");
        readAlike("a:\n  - x\n  - y\nb: 1\n");
        readAlike("a:\n    - xy\n    - z\n");
        readAlike("a:\n    b:\n    - y - x\n    c: 1\n");
        readAlike("a:\n    b:\n    - y\n    - z\n    c: 1\n");
        readAlike("a:\n    b: x - y\n    c: 2\n");
        readAlike("a:\n   b: x - y\n   c: 2\n");
        readAlike("a:\n     b: x - y\n     c: 2\n");
        // a dash alone: an empty item, or the item is the block below it
        readAlike("a:\n-\n- x\n");
        readAlike("a:\n  -\n  - y\n");
        readAlike("a:\n  - \n  - y\n");
        readAlike("a:\n-\n  b: 1\n  c: 2\n- x\n");
        readAlike("a:\n  -\n    - x\n  - y\n");
        readAlike("a:\n- b: 1\n  c: 2\n- d: 3\n");
        readAlike("a:\n  -   b: 1\n      c: 2\n");
        readAlike("a:\n  - []\n  - {}\n  - 'q'\n  - \"d\"\n");
        readAlike("a:\n  - x-y\n  - -x\n  - ?x\n  - :x\n");
        readAlike("a:\n  b:\n    c:\n    - 1\n    d: 2\ne: 3\n");
    }

    @Test
    void scalarsOnOneLine() {
        readAlike("a: ~\nb: x~y\nc: '~'\n");
        readAlike("a: 'x' \nb: \"y\"  \nc: ''\nd: \"\"\n");
        readAlike("a: 'x #y'\nb: \"a: b\"\n");
        readAlike("a: 'x\\y'\nb: '\\'\nc: \"x/y\"\n"); // a backslash is no escape in single quotes
        readAlike("a: []\nb: {}\nc: [] \n");
        readAlike("a: http://x:8080/p\nb: a#b\nc: -x\nd: ?x\ne: :x\nf: x:y\n");
        readAlike("a: ENC[AES256_GCM,data:Zm9v,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]\n");
    }

    @Test
    void literalBlocks() {
        readAlike("a: |\n  x\n");
        readAlike("a: |-\n  x\n");
        readAlike("a: |\n  x\n  y\nb: 1\n");
        readAlike("a: |-\n  x\n  y\nb: 1\n");
        readAlike("a: |\n  x\n    y\n  z\n");
        readAlike("a: |\n  x\n\n  y\n");
        readAlike("a: |\n  x\n \n  y\n");
        readAlike("a: |\n  x\n\n\nb: 1\n");
        readAlike("a:\n  b: |\n    x\n    y\n  c: 1\n");
        readAlike("a:\n- |\n  x\n- |-\n  y\n");
        readAlike("a:\n  - b: |\n      x\n    c: 1\n");
        readAlike("a: |\n    -----BEGIN AGE ENCRYPTED FILE-----\n    YWdl\n    -----END AGE ENCRYPTED FILE-----\nb: 1\n");
        // outside the subset (blank first line, spaces that may be content, no final line break): either way alike
        for (String t : new String[] {"a: |\n  x\n  \n  y\n", "a: |\n  x\n  \nb: 1\n", "a: |\n  x\n ", "a: |\n  x\n  ",
            "a: |\n  x\n\n", "a: |\n  x\n \n", "a: |\n\n  x\n", "a: |\n", "a: |", "a: |\n  x", "a: |+\n  x\n",
            "a: |2\n   x\n", "a: |\nb: 1\n", "a:\n  b: |\n  x\n"}) {
            declinedOrAlike(t);
        }
    }

    @Test
    void printableCharactersBeyondAscii() {
        readAlike("a: x\u00A0y\n");
        readAlike("a: \u00A0\u00A1\n");
        readAlike("a: é\nb: 日本\n");
        readAlike("a: \uD7FF\n");
        readAlike("a: \uE000\n");
        readAlike("a: \uFF21\uFFFD\n");
        readAlike("a: 1 # é\n");
        // not read here: surrogates, line separators, BOM, C1 controls, non-characters
        for (String c : new String[] {"\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "\u2028", "\u2029", "\uFEFF",
            "\u0085", "\u009F", "\uFFFE", "\uFFFF", "\u007F", "\u001F", "\t", "\r"}) {
            declinedOrAlike("a: x" + c + "y\n");
            declinedOrAlike("a: x" + c + "\n");
        }
    }

    @Test
    void textsOutsideTheSubsetAreDeclinedOrReadAlike() {
        String[] texts = {
            "a: -\n", "a: ?\n", "a: :\n", "a: - x\n", "a: ? x\n", "a: : x\n", "a: -", "a: ?", "a: :",
            "a: 'x' y\n", "a: 'x'y\n", "a: 'x'#c\n", "a: \"x\"y\n", "a: \"x\"#c\n", "a: 'it''s'\n", "a: 'x''\n",
            "a: \"x\"'\n", "a: 'x\n", "a: \"x\n", "a: 'x\ny'\n", "a: [\n", "a: [x]\n", "a: {x\n", "a: []x\n", "a: [] x\n",
            "a: {}#c\n", "a: 1#c\n", "a:#c\n", "a: b: c\n", "a: b:\n", "a:b\n", "- a\n", "a: 1\n  b: 2\n", "a: 1\n- x\n",
            "a:\n  b: 1\n - x\n", "a:\n- - x\n", "a:\n-x\n", "a:\n  - x\n   - y\n", "a:\n  - x\n    y: 1\n",
            "a: 1\n---\nb: 2\n", "---\na: 1\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n...\n", "...: 1\n", "---x: 1\n",
            "a:\n  - ---\n", "a:\n  ---: 1\n", "a:\n  %x: 1\n", "a: 1\n# c\n  # d\n", "a: x\n  y\n", "a: &x 1\n",
            "a: *x\n", "a: !t x\n", "a: @x\n", "a: `x\n", "a: %x\n", "a: ]\n", "a: }\n", "a: ,\n", "a: >\n  x\n",
            "a: #\n", "? a\n", "a b: 1\n", "-a: 1\n", "a-: 1\n", "a:  \n  b: 1\n", "a: 1\nb", "a: 1\nbc", "a: 1\nb c",
            "\n", "", "# only\n", "a:", "a:\n", "a:\n\n", "a: # c", "a:\n# c\n", "a:\n# c\nb: 1\n", "a:\n\nb: 1\n",
            "a:\n  \n  b: 1\n", "a:\n- \n", "a:\n-\n", "a:\n-", "a:\n- #c\n", "a:\n-#c\n", "a:\n  b:\n  - x\n  -\n",
            "a: \"\\n\"\n", "a: \"x\\\"\n", "a: \"x\\\"y\"\n", "a: \"\\\"\n",
        };
        for (String t : texts) {
            declinedOrAlike(t);
        }
    }

    // ---- real files ------------------------------------------------------------------------------

    @Test
    void everyYamlFileOfTheCorpusIsReadFast() throws IOException {
        Path corpus = SharedTestData.corpusDir();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(corpus)) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        for (Path p : files) {
            readAlike(Files.readString(p, StandardCharsets.UTF_8));
        }
    }

    @Test
    void whatOurEmitterWritesForAnEncryptedFileIsReadFast() {
        Random random = new Random(20260602);
        for (int indent : new int[] {0, 2, 3}) {
            YamlStore store = new YamlStore(indent);
            for (int round = 0; round < 200; round++) {
                Branch doc = encryptedLooking(random, 0);
                doc.add("sops", sopsMetadata(random));
                String text = new String(store.emitPlain(List.of(doc)), StandardCharsets.UTF_8);
                readAlike(text);
            }
        }
    }

    private static final String[] KEY_NAMES = {"a", "db_password", "API.KEY", "x-y", "p/q", "Z9", "9lives", "_z", "enc"};

    private static String enc(Random random, String type) {
        byte[] data = new byte[1 + random.nextInt(40)];
        random.nextBytes(data);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return "ENC[AES256_GCM,data:" + b64.encodeToString(data) + ",iv:" + b64.encodeToString(new byte[32])
                + ",tag:" + b64.encodeToString(new byte[16]) + ",type:" + type + "]";
    }

    /** A tree as sops leaves it encrypted: ENC values, nested maps and lists, encrypted comments. */
    private static Branch encryptedLooking(Random random, int depth) {
        Branch b = new Branch();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                b.addComment(new Comment(enc(random, "comment")));
            }
            b.add(KEY_NAMES[random.nextInt(KEY_NAMES.length)] + i, value(random, depth));
        }
        return b;
    }

    private static Object value(Random random, int depth) {
        int k = depth > 2 ? 0 : random.nextInt(6);
        switch (k) {
            case 1:
                return encryptedLooking(random, depth + 1);
            case 2: {
                List<Object> l = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    Object item = value(random, depth + 1);
                    // a list directly in a list item ("- - x") is outside the subset: sops files hold none
                    l.add(item instanceof List ? encryptedLooking(random, depth + 1) : item);
                }
                return l;
            }
            case 3:
                return new Branch();
            default:
                return enc(random, random.nextBoolean() ? "str" : "int");
        }
    }

    /** The metadata block sops writes: age recipients with armored keys in literal blocks, plain strings. */
    private static Branch sopsMetadata(Random random) {
        Branch sops = new Branch();
        List<Object> age = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            Branch r = new Branch();
            r.add("recipient", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p");
            r.add("enc", "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBv\n"
                    + "-----END AGE ENCRYPTED FILE-----\n");
            age.add(r);
        }
        sops.add("age", age);
        sops.add("lastmodified", "2026-06-02T08:00:00Z");
        sops.add("mac", "ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]");
        sops.add("unencrypted_suffix", "_unencrypted");
        sops.add("version", "3.10.2");
        return sops;
    }
}
