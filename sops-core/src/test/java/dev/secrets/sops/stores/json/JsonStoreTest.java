package dev.secrets.sops.stores.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonStoreTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Branch load(String json) {
        return new JsonStore().loadPlain(utf8(json)).get(0);
    }

    private static String emit(int indent, Branch b) {
        return str(new JsonStore(indent).emitPlain(List.of(b)));
    }

    @Test
    void goStringEscaping() {
        String[][] table = {
            {"plain", "\"plain\""},
            {"a\"b\\c", "\"a\\\"b\\\\c\""},
            {"\n\r\t", "\"\\n\\r\\t\""},
            {"\b\f", "\"\\b\\f\""},
            {"\u0000\u0001\u001f", "\"\\u0000\\u0001\\u001f\""},
            {"<a href=x>&amp;</a>", "\"\\u003ca href=x\\u003e\\u0026amp;\\u003c/a\\u003e\""},
            {"\u2028\u2029", "\"\\u2028\\u2029\""},
            {"/ é ü 日本 \u007f \ud83d\ude00 \ufffd", "\"/ é ü 日本 \u007f \ud83d\ude00 \ufffd\""},
            {"lone \ud800 surrogate", "\"lone \\ufffd surrogate\""},
        };
        for (String[] row : table) {
            assertEquals(row[1], GoJsonWriter.scalar(row[0]), row[0]);
        }
    }

    @Test
    void invalidUtf8BytesBecomeReplacementEscapes() {
        assertEquals("\"a\\ufffdb\"", GoJsonWriter.scalar(new RawString(new byte[] {'a', (byte) 0xff, 'b'})));
        // a truncated 3-byte sequence: each byte is its own error, as Go's utf8.DecodeRune says
        assertEquals("\"\\ufffd\\ufffdx\"", GoJsonWriter.scalar(new RawString(new byte[] {(byte) 0xe2, (byte) 0x82, 'x'})));
        // a valid multi-byte rune inside invalid bytes is kept, and < still escaped
        assertEquals("\"\u20ac\\u003c\\ufffd\"", GoJsonWriter.scalar(
                new RawString(new byte[] {(byte) 0xe2, (byte) 0x82, (byte) 0xac, '<', (byte) 0xc0})));
    }

    @Test
    void numbers() {
        Branch b = load("{\"i\": 100, \"neg\": -5, \"f\": 100.0, \"big\": 9223372036854775808, \"max\": 9223372036854775807,"
                + " \"e\": 1e21, \"small\": 1e-7, \"tenth\": 0.1, \"negzero\": -0}");
        assertEquals(100L, b.get("i"));
        assertEquals(-5L, b.get("neg"));
        assertEquals(100.0, b.get("f"));
        assertEquals(9.223372036854775807E18, b.get("big"));
        assertEquals(Long.MAX_VALUE, b.get("max"));
        assertEquals(1e21, b.get("e"));
        assertEquals(0L, b.get("negzero")); // ParseInt accepts -0
        assertEquals("{\n"
                + "\t\"i\": 100,\n"
                + "\t\"neg\": -5,\n"
                + "\t\"f\": 100,\n"
                + "\t\"big\": 9223372036854776000,\n" // shortest digits, as Go
                + "\t\"max\": 9223372036854775807,\n"
                + "\t\"e\": 1e+21,\n"
                + "\t\"small\": 1e-7,\n"
                + "\t\"tenth\": 0.1,\n"
                + "\t\"negzero\": 0\n"
                + "}\n", emit(-1, b));
    }

    @Test
    void infinityAndNanCannotBeWritten() {
        SopsException e = assertThrows(SopsException.class,
                () -> emit(-1, new Branch().add("x", Double.POSITIVE_INFINITY)));
        assertEquals(ExitCodes.ERROR_DUMPING_TREE, e.exitCode());
        assertThrows(SopsException.class, () -> load("{\"x\": 1e400}"));
    }

    @Test
    void indentTabSpacesAndZero() {
        Branch b = load("{\"a\":[1,{},[]],\"b\":{},\"c\":{\"d\":null,\"e\":true}}");
        assertEquals("{\n\t\"a\": [\n\t\t1,\n\t\t{},\n\t\t[]\n\t],\n\t\"b\": {},\n\t\"c\": {\n\t\t\"d\": null,\n\t\t\"e\": true\n\t}\n}\n",
                emit(-1, b));
        assertEquals("{\n  \"a\": [\n    1,\n    {},\n    []\n  ],\n  \"b\": {},\n  \"c\": {\n    \"d\": null,\n    \"e\": true\n  }\n}\n",
                emit(2, b));
        assertEquals("{\n\"a\": [\n1,\n{},\n[]\n],\n\"b\": {},\n\"c\": {\n\"d\": null,\n\"e\": true\n}\n}\n", emit(0, b));
        assertEquals("{}\n", emit(-1, new Branch()));
        assertThrows(SopsException.class, () -> new JsonStore(-2));
    }

    /** Found with ConfigFuzzTest (stores.json.indent: 2000000000): the indent string was an OutOfMemoryError. */
    @Test
    void hugeIndentIsRefused() {
        assertEquals(64, GoJsonWriter.MAX_INDENT);
        new JsonStore(64);
        SopsException e = assertThrows(SopsException.class, () -> new JsonStore(2_000_000_000));
        assertEquals(ExitCodes.ERROR_DUMPING_TREE, e.exitCode());
        assertEquals("JSON Indentation parameter larger than 64 is not accepted", e.getMessage());
    }

    @Test
    void duplicateKeysAndOrderAreKept() {
        Branch b = load("{\"z\": 1, \"a\": 2, \"z\": 3}");
        assertEquals(3, b.size());
        assertEquals("{\n\t\"z\": 1,\n\t\"a\": 2,\n\t\"z\": 3\n}\n", emit(-1, b));
    }

    @Test
    void trailingDataAfterTheObjectIsIgnored() {
        assertEquals(1, load("{\"a\": \"b\"} trailing [garbage").size());
    }

    @Test
    void commentsAreSkippedAndOtherValuesMarshalledAsGo() {
        Branch b = new Branch().addComment(new Comment("c")).add("l", new ArrayList<>(List.of(new Comment("x"), "v")))
                .add("t", OffsetDateTime.parse("2024-01-01T10:00:00.120Z"))
                .add("t2", OffsetDateTime.parse("2006-01-02T15:04:05+07:00"))
                .add("only", new Branch().addComment(new Comment("y")));
        assertEquals("{\n\t\"l\": [\n\t\t\"v\"\n\t],\n\t\"t\": \"2024-01-01T10:00:00.12Z\",\n"
                + "\t\"t2\": \"2006-01-02T15:04:05+07:00\",\n\t\"only\": {}\n}\n", emit(-1, b));
    }

    @Test
    void encryptedMetadataIsTheTopLevelSopsKeyWrittenLast() {
        JsonStore store = new JsonStore();
        Store.EncryptedDocuments docs = store.loadEncrypted(utf8("{\"sops\": {\"version\": \"3.13.2\"}, \"a\": \"x\"}"));
        assertEquals(new Branch().add("a", "x"), docs.documents().get(0));
        assertEquals(new Branch().add("version", "3.13.2"), docs.metadata());
        assertEquals("{\n\t\"a\": \"x\",\n\t\"sops\": {\n\t\t\"version\": \"3.13.2\"\n\t}\n}\n",
                str(store.emitEncrypted(docs.documents(), docs.metadata())));
        assertNull(store.loadEncrypted(utf8("{\"a\": 1}")).metadata());
        assertTrue(store.hasMetadataKey(store.loadPlain(utf8("{\"sops\": 1}"))));
        assertFalse(store.hasMetadataKey(store.loadPlain(utf8("{\"a\": {\"sops\": 1}}"))));
    }

    @Test
    void emitValue() {
        JsonStore store = new JsonStore();
        assertArrayEquals(utf8("raw \"text\"\n"), store.emitValue("raw \"text\"\n"));
        assertArrayEquals(utf8("42"), store.emitValue(42L));
        assertArrayEquals(utf8("1.5"), store.emitValue(1.5));
        assertArrayEquals(utf8("true"), store.emitValue(true));
        assertArrayEquals(utf8("[\n\t1,\n\t\"a\"\n]"), store.emitValue(List.of(1L, "a")));
        assertArrayEquals(utf8("{\n\t\"k\": \"v\"\n}\n"), store.emitValue(new Branch().add("k", "v")));
    }

    @Test
    void int64BoundariesRoundTripExactly() {
        for (String literal : List.of("-1234567890123456789", "-9223372036854775808", "9223372036854775807", "0")) {
            String in = "{\n\t\"v\": " + literal + "\n}\n";
            Branch b = load(in);
            assertTrue(b.get("v") instanceof Long, literal);
            assertEquals(in, emit(-1, b));
        }
    }

    @Test
    void commentsInMapsAndListsAreNotWritten() {
        Branch inner = new Branch().addComment(new Comment(" c1")).add("foo", 3L).addComment(new Comment(" c2"))
                .add("bar", false).addComment(new Comment(" c3"));
        Branch b = new Branch().add("foo", new ArrayList<>(List.of(new Comment(" c0"), inner, new Comment(" c4"), 2L,
                new Comment(" c5"))));
        assertEquals("{\n  \"foo\": [\n    {\n      \"foo\": 3,\n      \"bar\": false\n    },\n    2\n  ]\n}\n",
                emit(2, b));
    }
}
