package dev.secrets.sops.stores.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
