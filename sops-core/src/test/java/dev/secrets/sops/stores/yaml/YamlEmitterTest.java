package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** go-yaml v3's output as sops writes it (spec §6.5). */
class YamlEmitterTest {
    private static String emit(int indent, Branch... docs) {
        return new String(new YamlStore(indent).emitPlain(List.of(docs)), StandardCharsets.UTF_8);
    }

    private static String emitValue(String key, Object value) {
        return emit(0, new Branch().add(key, value));
    }

    private static List<Object> list(Object... elements) {
        return new ArrayList<>(Arrays.asList(elements));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "hello|k: hello",
        "yes|k: \"yes\"", "No|k: \"No\"", "on|k: \"on\"", "y|k: \"y\"",
        "123|k: \"123\"", "1.5|k: \"1.5\"", "0x1F|k: \"0x1F\"", "1_000|k: \"1_000\"", "1:20|k: \"1:20\"",
        "true|k: \"true\"", "null|k: \"null\"", "~|k: \"~\"", "2024-01-01|k: \"2024-01-01\"",
        "2026-06-02T11:12:37Z|k: \"2026-06-02T11:12:37Z\"", ".inf|k: \".inf\"", "<<|k: !!merge <<",
        "`: x`|k: ': x'", "*star|k: '*star'", "&amp|k: '&amp'", "!bang|k: '!bang'", "- dash|k: '- dash'",
        "`#hash`|k: '#hash'", "`a #b`|k: 'a #b'", "`a: b`|k: 'a: b'", "`it's: x`|k: 'it''s: x'", "@at|k: '@at'",
        "%pct|k: '%pct'", "`[x`|k: '[x'", "`{x`|k: '{x'", "`>x`|k: '>x'",
        "`---`|k: '---'", "`'q'`|k: '''q'''", "`\"dq\"`|k: '\"dq\"'",
        "a#b|k: a#b", "a:b|k: a:b", "-x|k: -x", "3.13.1|k: 3.13.1", "`x, y`|k: x, y", "`[x]y`|k: '[x]y'",
        "ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]|k: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]",
        "`trailing `|k: 'trailing '", "`ünïcødé`|k: ünïcødé"})
    void stringStyles(String value, String expectedLine) {
        assertEquals(expectedLine + "\n", emitValue("k", value));
    }

    @Test
    void stringsNeedingDoubleQuotes() {
        assertEquals("k: \"\"\n", emitValue("k", ""));
        assertEquals("k: \"a\\tb\"\n", emitValue("k", "a\tb"));
        assertEquals("k: \"bell\\a\"\n", emitValue("k", "bell\u0007"));
        assertEquals("k: \"\\U0001F600\"\n", emitValue("k", "\uD83D\uDE00"));
        // NBSP is printable for go-yaml (only a plain space counts as a space)
        assertEquals("k: nbsp\u00A0\n", emitValue("k", "nbsp\u00A0"));
        assertEquals("k: '|x'\n", emitValue("k", "|x"));
        // a line break next to a space cannot be a literal block
        assertEquals("k: \"a \\nb\"\n", emitValue("k", "a \nb"));
        assertEquals("k: \"a\\nb \"\n", emitValue("k", "a\nb "));
    }

    @Test
    void literalBlocksWithEachChomping() {
        assertEquals("k: |-\n    a\n    b\n", emitValue("k", "a\nb"));
        assertEquals("k: |\n    a\n    b\n", emitValue("k", "a\nb\n"));
        assertEquals("k: |+\n    a\n\n", emitValue("k", "a\n\n"));
        assertEquals("k: |4+\n\n", emitValue("k", "\n"));
        assertEquals("k: |4-\n     a\n    b\n", emitValue("k", " a\nb"));
        assertEquals("k: |4\n\n    a\n", emitValue("k", "\na\n"));
        assertEquals("k: |\n    a\n\n    b\n", emitValue("k", "a\n\nb\n"));
        assertEquals("k: |2-\n   a\n  b\n", emit(2, new Branch().add("k", " a\nb")));
        // block content follows go-yaml's indentation rule under list items
        assertEquals("l:\n    - |\n      x\n    - k: |-\n        y\n        z\n",
                emitValue("l", list("x\n", new Branch().add("k", "y\nz"))));
    }

    @Test
    void lineCommentOnALiteralBlockGoesOnItsHeader() {
        Branch doc = new Branch().addComment(new Comment(" c", true)).add("k", "a\nb\n")
                .add("l", list(new Comment(" d", true), "x\n"));
        assertEquals("k: | # c\n    a\n    b\nl:\n    - | # d\n      x\n", emit(0, doc));
    }

    @Test
    void nonStringScalars() {
        Branch b = new Branch()
                .add("i", 42L).add("neg", -7L)
                .add("f", 1.5).add("big", 1234567890.0).add("whole", 1.0).add("small", 0.0001).add("tiny", 0.00001)
                .add("e21", 1e21).add("negzero", -0.0).add("inf", Double.POSITIVE_INFINITY)
                .add("ninf", Double.NEGATIVE_INFINITY).add("nan", Double.NaN)
                .add("t", true).add("f2", false).add("nul", null)
                .add("ts", OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .add("tsn", OffsetDateTime.of(2006, 1, 2, 15, 4, 5, 120_000_000, ZoneOffset.ofHoursMinutes(7, 6)))
                .add("raw", new RawString(new byte[] {(byte) 0xff, 0x00, 0x41}));
        assertEquals("""
                i: 42
                neg: -7
                f: 1.5
                big: 1.23456789e+09
                whole: 1
                small: 0.0001
                tiny: 1e-05
                e21: 1e+21
                negzero: -0
                inf: .inf
                ninf: -.inf
                nan: .nan
                t: true
                f2: false
                nul: null
                ts: 2024-01-01T00:00:00Z
                tsn: 2006-01-02T15:04:05.12+07:06
                raw: !!binary /wBB
                """, emit(0, b));
    }

    @Test
    void goFloatFormat() {
        assertEquals("1.234568e+09", GoFloatFormat.formatG(1.234568e9));
        assertEquals("123456", GoFloatFormat.formatG(123456.0));
        assertEquals("1.234567e+06", GoFloatFormat.formatG(1234567.0));
        assertEquals("0.1", GoFloatFormat.formatG(0.1));
        assertEquals("2e+23", GoFloatFormat.formatG(2e23));
        assertEquals("5e-324", GoFloatFormat.formatG(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", GoFloatFormat.formatG(Double.MAX_VALUE));
        assertEquals("25.4", GoFloatFormat.formatG(25.4));
    }

    @Test
    void nestingAtIndentFour() {
        Branch doc = new Branch()
                .add("top", "v")
                .add("map", new Branch().add("a", "1").add("inner", new Branch().add("b", "x")))
                .add("list", list("x", new Branch().add("k", "v").add("k2", new Branch().add("d", "e"))
                        .add("k3", list("p", "q")), list("n1", "n2")))
                .add("emptyMap", new Branch())
                .add("emptyList", list())
                .add("listOfEmpties", list(new Branch(), list()));
        assertEquals("""
                top: v
                map:
                    a: "1"
                    inner:
                        b: x
                list:
                    - x
                    - k: v
                      k2:
                        d: e
                      k3:
                        - p
                        - q
                    - - n1
                      - n2
                emptyMap: {}
                emptyList: []
                listOfEmpties:
                    - {}
                    - []
                """, emit(0, doc));
    }

    @Test
    void nestingAtIndentTwo() {
        Branch doc = new Branch()
                .add("map", new Branch().add("inner", new Branch().add("b", "x")))
                .add("list", list(new Branch().add("k", "v").add("k2", new Branch().add("d", "e"))
                        .add("k3", list("p")), list("n1")));
        assertEquals("""
                map:
                  inner:
                    b: x
                list:
                  - k: v
                    k2:
                      d: e
                    k3:
                      - p
                  - - n1
                """, emit(2, doc));
    }

    @Test
    void indentOutsideTwoToNineIsClampedToTwoAndZeroMeansFour() {
        Branch doc = new Branch().add("m", new Branch().add("a", "b"));
        assertEquals("m:\n  a: b\n", emit(1, doc));
        assertEquals("m:\n  a: b\n", emit(12, doc));
        assertEquals("m:\n    a: b\n", emit(0, doc));
        assertEquals("m:\n         a: b\n", emit(9, doc));
    }

    @Test
    void commentsInMaps() {
        Branch doc = new Branch()
                .addComment(new Comment(" head"))
                .add("a", "1x")
                .addComment(new Comment("ENC[AES256_GCM,data:x,type:comment]"))
                .addComment(new Comment(" second line"))
                .add("b", new Branch().addComment(new Comment(" first in b")).add("c", "d")
                        .addComment(new Comment(" foot of b")))
                .addComment(new Comment(" inline", true))
                .add("e", "f")
                .addComment(new Comment(" tail"));
        assertEquals("""
                # head
                a: 1x
                #ENC[AES256_GCM,data:x,type:comment]
                # second line
                b:
                    # first in b
                    c: d
                    # foot of b
                e: f # inline
                # tail
                """, emit(0, doc));
    }

    @Test
    void commentsInLists() {
        Branch doc = new Branch().add("l", list(new Comment(" before"), "a", new Comment("between"),
                new Comment(" inl", true), "b", new Branch().addComment(new Comment(" map head")).add("k", "v"),
                new Comment(" foot")));
        assertEquals("""
                l:
                    # before
                    - a
                    #between
                    - b # inl
                    # map head
                    - k: v
                    # foot
                """, emit(0, doc));
    }

    @Test
    void inlineCommentOnABlockValue() {
        Branch doc = new Branch().addComment(new Comment(" c", true)).add("a", new Branch().add("b", "x"));
        assertEquals("a: # c\n    b: x\n", emit(0, doc));
    }

    @Test
    void multiDocument() {
        assertEquals("a: b\n---\nc: d\n---\n{}\n", emit(0, new Branch().add("a", "b"), new Branch().add("c", "d"),
                new Branch()));
        assertEquals("{}\n", emit(0, new Branch()));
        assertEquals("", emit(0));
    }

    @Test
    void keysAreQuotedLikeValuesAndMergeKeysTagged() {
        Branch doc = new Branch().add("yes", "x").add("123", "y").add("", "z").add("a: b", "w")
                .add("<<", new Branch().add("m", "n")).add("multi\nline", "v");
        assertEquals("""
                "yes": x
                "123": "y"
                "": z
                'a: b': w
                !!merge <<:
                    m: "n"
                ? |-
                    multi
                    line
                : v
                """, emit(0, doc));
        String longKey = "k".repeat(129);
        assertEquals("? " + longKey + "\n: v\n", emit(0, new Branch().add(longKey, "v")));
    }

    @Test
    void emitValueForExtract() {
        YamlStore store = new YamlStore(0);
        assertEquals("plain", new String(store.emitValue("plain"), StandardCharsets.UTF_8));
        assertEquals("a\nb\n", new String(store.emitValue("a\nb\n"), StandardCharsets.UTF_8));
        assertEquals("42\n", new String(store.emitValue(42L), StandardCharsets.UTF_8));
        assertEquals("1.5\n", new String(store.emitValue(1.5), StandardCharsets.UTF_8));
        assertEquals("true\n", new String(store.emitValue(true), StandardCharsets.UTF_8));
        assertEquals("null\n", new String(store.emitValue(null), StandardCharsets.UTF_8));
        assertEquals("2024-01-01T00:00:00Z\n", new String(store.emitValue(
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)), StandardCharsets.UTF_8));
        assertEquals("- a\n- \"1\"\n- k: v\n  k2: w\n", new String(store.emitValue(
                list("a", "1", new Branch().add("k", "v").add("k2", "w"))), StandardCharsets.UTF_8));
        assertEquals("[]\n", new String(store.emitValue(list()), StandardCharsets.UTF_8));
        assertEquals("a:\n    b: c\n", new String(store.emitValue(new Branch().add("a", new Branch().add("b", "c"))),
                StandardCharsets.UTF_8));
        byte[] raw = {(byte) 0xff, 0x01};
        assertEquals(Arrays.toString(raw), Arrays.toString(store.emitValue(new RawString(raw))));
    }

    @Test
    void metadataLayoutFromAnOrdinaryMap() {
        String armor = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n";
        Branch metadata = new Branch()
                .add("age", list(new Branch().add("enc", armor).add("recipient", "age1xyz")))
                .add("lastmodified", "2026-06-02T11:12:37Z")
                .add("mac", "ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]")
                .add("mac_only_encrypted", true)
                .add("shamir_threshold", 2L)
                .add("unencrypted_suffix", "_unencrypted")
                .add("version", "3.13.2");
        String out = new String(new YamlStore(0).emitEncrypted(
                List.of(new Branch().add("a", "ENC[x]"), new Branch().add("b", "ENC[y]")), metadata),
                StandardCharsets.UTF_8);
        String sops = """
                sops:
                    age:
                        - enc: |
                            -----BEGIN AGE ENCRYPTED FILE-----
                            YWdl
                            -----END AGE ENCRYPTED FILE-----
                          recipient: age1xyz
                    lastmodified: "2026-06-02T11:12:37Z"
                    mac: ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]
                    mac_only_encrypted: true
                    shamir_threshold: 2
                    unencrypted_suffix: _unencrypted
                    version: 3.13.2
                """;
        assertEquals("a: ENC[x]\n" + sops + "---\nb: ENC[y]\n" + sops, out);
    }
}
