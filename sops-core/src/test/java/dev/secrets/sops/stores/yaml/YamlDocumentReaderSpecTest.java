package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What go-yaml v3 (as sops 3.10+'s LoadPlainFile uses it: the first document decoded into a map,
 * then every document as a node) does with the input YamlDocumentReader checks itself: the
 * characters its reader accepts (readerc.go: tab, LF, CR, 0x20-0x7E, 0x85, 0xA0-0xD7FF,
 * 0xE000-0xFFFD, 0x10000-0x10FFFF), the UTF-8 byte order mark, invalid UTF-8, the \L and \P
 * escapes, and documents that are not maps. Each expectation was checked against go-yaml v3's
 * source and a Go program running it; the messages keep go-yaml's wording, with the line number
 * this reader adds (go-yaml's reader errors name no line) and without any value.
 */
class YamlDocumentReaderSpecTest {
    /** A character outside the reader's fast char-by-char check, so the exact check runs. */
    private static final String EMOJI_COMMENT = "# \uD83D\uDE00\n";

    private static List<Branch> read(byte[] input) {
        return new YamlDocumentReader(ExitCodes.COULD_NOT_READ_INPUT_FILE).read(input);
    }

    private static List<Branch> read(String input) {
        return read(input.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(byte[] input) {
        SopsException e = assertThrows(SopsException.class, () -> read(input));
        assertEquals(ExitCodes.COULD_NOT_READ_INPUT_FILE, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // the other exit code is the caller's choice, nothing else changes
        SopsException generic = assertThrows(SopsException.class,
                () -> new YamlDocumentReader(ExitCodes.ERROR_GENERIC).read(input));
        assertEquals(ExitCodes.ERROR_GENERIC, generic.exitCode());
        assertEquals(e.getMessage(), generic.getMessage());
        return e.getMessage();
    }

    private static String error(String input) {
        return error(input.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (p instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static Object onlyValue(List<Branch> docs) {
        assertEquals(1, docs.size());
        return docs.get(0).get("a");
    }

    // ---- characters (readerc.go's allowed range), at each edge of each range ----

    /** Accepted by go-yaml; in a double-quoted value it comes back as it is. */
    @ParameterizedTest
    @ValueSource(ints = {0x09, 0x20, 0x7E, 0xA0, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0x10000, 0x10FFFF})
    void acceptedCharactersAreKept(int cp) {
        String c = Character.toString(cp);
        String yaml = "a: \"x" + c + "y\"\n";
        assertEquals("x" + c + "y", onlyValue(read(yaml)), Integer.toHexString(cp));
        // the same after a character the fast check leaves to the exact one
        assertEquals("x" + c + "y", onlyValue(read(EMOJI_COMMENT + yaml)), Integer.toHexString(cp));
        // and in a comment
        assertEquals("b", onlyValue(read(EMOJI_COMMENT + "# x" + c + "y\na: b\n")), Integer.toHexString(cp));
    }

    /**
     * NEL (0x85) and CR are accepted too. Both are line breaks for go-yaml; CR folds to a space
     * inside double quotes (a NEL there does as well for go-yaml, but snakeyaml-engine keeps it:
     * not asserted here), and either ends a comment.
     */
    @Test
    void nextLineAndCarriageReturnAreAccepted() {
        assertEquals("b", onlyValue(read("# x\u0085\na: b\n")));
        assertEquals("b", onlyValue(read(EMOJI_COMMENT + "# x\u0085\na: b\n")));
        assertEquals("x y", onlyValue(read("a: \"x\ry\"\n")));
        assertEquals("x y", onlyValue(read(EMOJI_COMMENT + "a: \"x\ry\"\n")));
        assertEquals("b", onlyValue(read("# \uD83D\uDE00\r\na: b\r\n")));
    }

    /** Refused by go-yaml's reader: "control characters are not allowed", whatever the context. */
    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x08, 0x0B, 0x1F, 0x7F, 0x80, 0x84, 0x86, 0x9F, 0xFFFE, 0xFFFF})
    void controlCharactersAreRefused(int cp) {
        String c = Character.toString(cp);
        String hex = Integer.toHexString(cp);
        assertEquals("yaml: line 1: control characters are not allowed", error("a: \"x" + c + "y\"\n"), hex);
        assertEquals("yaml: line 2: control characters are not allowed",
                error(EMOJI_COMMENT + "a: \"x" + c + "y\"\n"), hex);
        assertEquals("yaml: line 3: control characters are not allowed",
                error("a: 1\n# " + Character.toString(0x10000) + "\n# x" + c + "\n"), hex);
        // without a final line feed (the one byte the fast ASCII check lets through)
        assertEquals("yaml: line 1: control characters are not allowed", error("a: x" + c), hex);
        assertEquals("yaml: line 1: control characters are not allowed", error(c), hex);
    }

    /**
     * Valid YAML whatever the offset of a character outside the BMP: snakeyaml-engine 2.9 reads its
     * input in 1024-char chunks and failed (IndexOutOfBoundsException, reported as invalid YAML)
     * when an emoji's surrogate pair straddled two chunks, at offsets 1024, 2049, 3074, ...
     */
    @Test
    void emojiAtAnyOffsetLoads() {
        String emoji = "\uD83D\uDE00";
        // every offset around the first three chunk ends, and a few short ones
        java.util.stream.IntStream offsets = java.util.stream.IntStream.of(0, 1, 2, 100, 1000, 2000, 3000);
        for (int end = 1024; end < 3200; end += 1025) {
            offsets = java.util.stream.IntStream.concat(offsets, java.util.stream.IntStream.rangeClosed(end - 12, end + 4));
        }
        offsets.forEach(n -> {
            String pad = "x".repeat(n);
            assertEquals("v" + pad + " " + emoji + "y", onlyValue(read("a: v" + pad + " " + emoji + "y\n")), "offset " + n);
            assertEquals("b", onlyValue(read("# " + pad + emoji + "\na: b\n")), "comment, offset " + n);
            String key = "k" + emoji;
            assertEquals("v", read("p: " + pad + "\n" + key + ": v\n").get(0).get(key), "key, offset " + n);
        });
    }

    // ---- UTF-8: the byte order mark and invalid sequences ----

    /** readerc.go skips a UTF-8 BOM at the start of the stream. */
    @Test
    void byteOrderMarkIsSkipped() {
        assertEquals("b", onlyValue(read(bytes(BOM, "a: b\n"))));
        // go-yaml's scanner also skips a BOM at the start of a line: a doubled one still reads
        assertEquals("b", onlyValue(read(bytes(BOM, BOM, "a: b\n"))));
        assertEquals("b", onlyValue(read(bytes(BOM, "a: b"))));
        assertEquals("é", onlyValue(read(bytes(BOM, "a: é\n"))));
        assertEquals("\uD83D\uDE00", onlyValue(read(bytes(BOM, EMOJI_COMMENT, "a: \"\uD83D\uDE00\"\n"))));
    }

    /** Nothing but a BOM (and blanks) is a stream without a document: sops' first decode says EOF. */
    @Test
    void byteOrderMarkAloneIsEof() {
        assertEquals("EOF", error(BOM));
        assertEquals("EOF", error(bytes(BOM, "\n")));
    }

    /** Two or three bytes of a BOM followed by something else are invalid UTF-8 for go-yaml. */
    @Test
    void brokenByteOrderMarkIsInvalidUtf8() {
        String invalid = "yaml: line 1: invalid UTF-8 (is this a binary file?)";
        assertEquals(invalid, error(bytes(0xEF, 0xBB, "a: b\n")));
        assertEquals(invalid, error(bytes(0xEF, (int) 'A', 0xBF, "a: b\n")));
        assertEquals(invalid, error(bytes((int) '#', 0xBB, 0xBF, "a: b\n")));
        assertEquals(invalid, error(bytes(0xEF, 0xBB)));
        assertEquals(invalid, error(bytes(0xEF)));
    }

    /** go-yaml: "invalid leading UTF-8 octet" and its kin; here one message with the line of the bad byte. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|\\xff",
        "1|a: \\xff",
        "2|a: 1\\nb: \\xff\\n",
        "3|a: 1\\n\\nb: \\xff",
        "3|a: é\\nb: é\\nc: \\xff\\n",
        "3|é\\né\\n\\xff",
        "4|a: é\\nb: é\\n\\nc: é\\xff\\n",
        "3|# \uD83D\uDE00\\nb: é\\nc: \\xc3A\\n",
        "2|a: 1\\nb: \\xed\\xa0\\x80\\n",
        "2|a: 1\\nb: \\xf4\\x90\\x80\\x80\\n",
        "2|a: 1\\nb: \\xc0\\xaf\\n",
        "4|a: 1\\nb: 2\\nc: 3\\nd: \\xe9"})
    void invalidUtf8NamesItsLine(int line, String spec) {
        String expected = "yaml: line " + line + ": invalid UTF-8 (is this a binary file?)";
        byte[] input = hexBytes(spec);
        assertEquals(expected, error(input), spec);
        assertEquals(expected, error(bytes(BOM, input)), "after a BOM: " + spec);
    }

    /** The spec's text in UTF-8, with \\n for a line feed and \\xHH for a raw byte. */
    private static byte[] hexBytes(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < spec.length(); ) {
            if (spec.startsWith("\\n", i)) {
                out.write('\n');
                i += 2;
            } else if (spec.startsWith("\\x", i)) {
                out.write(Integer.parseInt(spec.substring(i + 2, i + 4), 16));
                i += 4;
            } else {
                int cp = spec.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    // ---- escapes go-yaml writes that snakeyaml-engine does not know ----

    /** go-yaml's emitter writes U+2028/U+2029 as \L and \P in double quotes; its scanner reads them back. */
    @Test
    void lineAndParagraphSeparatorEscapes() {
        assertEquals("x\u2028y", onlyValue(read("a: \"x\\Ly\"\n")));
        assertEquals("x\u2029y", onlyValue(read("a: \"x\\Py\"\n")));
        assertEquals("\u2028\u2029\u2028", onlyValue(read("a: \"\\L\\P\\L\"\n")));
        assertEquals("x\\Ly", onlyValue(read("a: 'x\\Ly'\n")));
        assertEquals("é\u2029", onlyValue(read("a: \"é\\P\"\n")));
        // snakeyaml-engine's error mark counts code points: after an emoji the escape is still found
        assertEquals("\uD83D\uDE00\u2028\uD83D\uDE00\u2029", onlyValue(read("a: \"\uD83D\uDE00\\L\uD83D\uDE00\\P\"\n")));
    }

    /** Any other unknown escape stays an error (go-yaml: "found unknown escape character"). */
    @Test
    void otherUnknownEscapesAreErrors() {
        for (String esc : new String[] {"Q", "l", "p", "y"}) {
            String message = error("a: \"x\\" + esc + "y\"\n");
            assertTrue(message.startsWith("yaml: line 1: found unknown escape character"), message);
        }
    }

    // ---- documents that are not maps ----

    /** go-yaml's tag for a scalar first document (the value itself is left out of our message). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|!!int", "0x1F|!!int", "1.5|!!float", ".inf|!!float", "true|!!bool", "FALSE|!!bool",
        "2024-01-01|!!timestamp", "2001-12-14t21:59:43.10-05:00|!!timestamp", "x|!!str", "\"1\"|!!str",
        "yes|!!str"})
    void scalarFirstDocumentNamesItsTag(String scalar, String tag) {
        assertEquals("yaml: unmarshal errors: line 2: cannot unmarshal " + tag + " into map[string]interface {}",
                error("# c\n" + scalar + "\n"));
    }

    /**
     * A scalar whose explicit tag does not fit is refused, with go-yaml's wording less the value
     * ("cannot decode !!str `x` as a !!int") and the line of the scalar, counted from 1 like
     * go-yaml's other messages.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a: !!int x|cannot decode scalar as a !!int",
        "a: !!float x|cannot decode scalar as a !!float",
        "a: !!bool x|cannot decode scalar as a !!bool"})
    void scalarThatDoesNotFitItsTag(String entry, String problem) {
        String message = error("# c\n\n" + entry + "\n");
        assertTrue(message.endsWith("yaml: line 3: " + problem), message);
        assertFalse(message.contains("`"), "no value quoted: " + message);
    }

    /** A null document (~, null, an empty one after ---) is an empty map, in any position. */
    @Test
    void nullDocumentsAreEmptyMaps() {
        assertEquals(0, read("~\n").get(0).size());
        assertEquals(0, read("null\n").get(0).size());
        List<Branch> docs = read("a: 1\n--- ~\n---\nb: 2\n");
        assertEquals(3, docs.size());
        assertTrue(docs.get(1).isEmpty());
    }

    /** sops' node pass names the kind of a later document that is not a map. */
    @Test
    void laterDocumentsThatAreNotMaps() {
        assertEquals("Error unmarshaling input YAML: YAML documents that are values are not supported",
                error("a: 1\n---\n1.5\n"));
        assertEquals("Error unmarshaling input YAML: YAML documents that are sequences are not supported",
                error("a: 1\n--- [1]\n"));
    }
}
