package dev.secrets.sops.stores.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** go-ini's parser as sops uses it (gopkg.in/ini.v1 1.67), at the edges the store tests do not reach. */
class IniParserSpecTest {
    private static Branch parse(byte[] bytes) {
        return IniParser.parse(bytes, 1);
    }

    private static Branch parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** go-ini skips a UTF-8 byte order mark (3 bytes) and a UTF-16 one (2 bytes) before the first line. */
    @Test
    void aByteOrderMarkIsSkipped() {
        Branch b = parse("\uFEFF[s]\nk=v\n");
        assertEquals(List.of("DEFAULT", "s"), b.items().stream().map(Branch.Item::key).toList());
        assertEquals("v", ((Branch) b.get("s")).get("k"));
        byte[] utf16Bom = {(byte) 0xFE, (byte) 0xFF, '[', 's', ']', '\n', 'k', '=', 'v', '\n'};
        assertEquals("v", ((Branch) parse(utf16Bom).get("s")).get("k"));
        byte[] reversed = {(byte) 0xFF, (byte) 0xFE, 'k', '=', 'v', '\n'};
        assertEquals("v", ((Branch) parse(reversed).get("DEFAULT")).get("k"));
    }

    /** A value ending in a backslash continues on the next line (trimmed), until a line without one or a blank line. */
    @Test
    void backslashContinuesAValue() {
        Branch s = (Branch) parse("[s]\nk = a\\\n   b\\\n c\nn = 1\nm = x\\\n\ny = 2\n").get("s");
        assertEquals("abc", s.get("k"));
        assertEquals("1", s.get("n"));
        assertEquals("x", s.get("m"));
        assertEquals("2", s.get("y"));
    }

    /** sops' stripCommentChar: every leading ';' (or '#') and space goes, the rest stays. */
    @Test
    void commentCharsAndSpacesAreStripped() {
        assertEquals("note ; x", IniParser.stripCommentChar(";; ;note ; x"));
        assertEquals("note", IniParser.stripCommentChar("# #note"));
        assertEquals("", IniParser.stripCommentChar(";;"));
        assertEquals("plain", IniParser.stripCommentChar("plain"));
    }

    /** A file that is only a UTF-16 byte order mark is an empty file. */
    @Test
    void aFileThatIsOnlyAByteOrderMarkIsEmpty() {
        Branch b = parse(new byte[] {(byte) 0xFE, (byte) 0xFF});
        assertEquals(List.of("DEFAULT"), b.items().stream().map(Branch.Item::key).toList());
        assertEquals(0, ((Branch) b.get("DEFAULT")).size());
    }

    /** A section's comment starts after its closing ']': a ';' inside the brackets is part of the name. */
    @Test
    void aSemicolonInsideTheBracketsIsPartOfTheName() {
        Branch b = parse("[a;]\nk=v\n");
        Branch a = (Branch) b.get("a;");
        assertEquals(List.of("k"), a.items().stream().map(Branch.Item::key).toList());
    }

    /** go-ini's auto-increment key: each "-" in a section is #1, #2, ..., counted again in the next section. */
    @Test
    void dashKeysAreNumbered() {
        Branch b = parse("[s]\n- = a\n- = b\n[t]\n- = c\n");
        assertEquals(List.of("#1", "#2"), ((Branch) b.get("s")).items().stream().map(Branch.Item::key).toList());
        assertEquals("b", ((Branch) b.get("s")).get("#2"));
        assertEquals(List.of("#1"), ((Branch) b.get("t")).items().stream().map(Branch.Item::key).toList());
    }

    /**
     * readKeyName searches the delimiter after the closing quote (go-ini: {@code line[pos+startIdx:]}),
     * so a quoted key may hold '=' and ':' itself.
     */
    @Test
    void aQuotedKeyMayHoldTheDelimiters() {
        Branch s = (Branch) parse("[s]\n\"a=\" = v\n`b:` : w\n\"\"\"c=d\"\"\" = x\n").get("s");
        assertEquals(List.of("a=", "b:", "c=d"), s.items().stream().map(Branch.Item::key).toList());
        assertEquals("v", s.get("a="));
        assertEquals("w", s.get("b:"));
        assertEquals("x", s.get("c=d"));
    }

    /**
     * go-ini reads a line with its newline, and a key line opens with a triple quote only when that
     * is longer than six characters: a last line {@code """a=b} (six, no newline) is a one-quote key
     * that closes at once, an empty name; the same line with its newline is an unclosed triple quote.
     */
    @Test
    void aSixCharacterTripleQuoteLineIsAnEmptyOneQuoteKey() {
        SopsException last = assertThrows(SopsException.class, () -> parse("[s]\n\"\"\"a=b"));
        assertTrue(last.getMessage().contains("empty key name at line 2"), last.getMessage());
        SopsException withNewline = assertThrows(SopsException.class, () -> parse("[s]\n\"\"\"a=b\n"));
        assertTrue(withNewline.getMessage().contains("missing closing key quote at line 2"), withNewline.getMessage());
        SopsException bare = assertThrows(SopsException.class, () -> parse("[s]\n=v\n"));
        assertTrue(bare.getMessage().contains("empty key name at line 2"), bare.getMessage());
    }

    /**
     * A value opens a triple-quoted block only when it is longer than three characters, newline
     * included: {@code """} as the last line's value is a plain value; {@code """"""} is the empty
     * string on one line, not the start of a block; {@code """} with a newline opens a block that
     * takes the next line.
     */
    @Test
    void tripleQuoteValuesAtTheirShortestLengths() {
        Branch s = (Branch) parse("[s]\nb = \"\"\"\"\"\"\nc = 1\na = \"\"\"").get("s");
        assertEquals(List.of("b", "c", "a"), s.items().stream().map(Branch.Item::key).toList());
        assertEquals("", s.get("b"));
        assertEquals("1", s.get("c"));
        assertEquals("\"\"\"", s.get("a"));
        Branch block = (Branch) parse("[s]\na = \"\"\"\nx\"\"\"\nc = 1\n").get("s");
        assertEquals("\nx", block.get("a"));
        assertEquals("1", block.get("c"));
    }

    /** An inline comment right after the delimiter leaves an empty value; the comment is not the value. */
    @Test
    void aCommentRightAfterTheDelimiterLeavesAnEmptyValue() {
        Branch s = (Branch) parse("[s]\na = # note\nb =;x\n").get("s");
        assertEquals("", s.get("a"));
        assertEquals("", s.get("b"));
    }

    /** Two quotes alone are a surrounded empty string (go-ini's hasSurroundedQuote with len 2). */
    @Test
    void twoQuotesAloneAreTheEmptyString() {
        Branch s = (Branch) parse("[s]\na = ''\nb = \"\"\nc = '\n").get("s");
        assertEquals("", s.get("a"));
        assertEquals("", s.get("b"));
        assertEquals("'", s.get("c"));
    }
}
