package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** go-yaml v3's scalar resolution (spec §6.1), through the store's loader. */
class GoYamlResolverTest {
    private final YamlStore store = new YamlStore(0);

    private Object load(String yamlValue) {
        Branch doc = store.loadPlain(("k: " + yamlValue + "\n").getBytes(StandardCharsets.UTF_8)).get(0);
        return doc.get("k");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "012|10", "0777|511", "1_000|1000", "0x1F|31", "0X1f|31", "0o17|15", "0b101|5", "-0x1F|-31", "+12|12",
        "-12|-12", "0|0", "00|0", "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808", "1_2_3|123"})
    void integers(String text, long expected) {
        assertEquals(expected, load(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5|1.5", "-2.25|-2.25", "1e3|1000.0", "1.234568e9|1.234568E9", "08|8.0", "09.5|9.5", ".5|0.5",
        "1_000.5|1000.5", "99999999999999999999|1.0E20", "+1.|1.0", "6.02E+23|6.02E23"})
    void floats(String text, double expected) {
        assertEquals(expected, load(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {".inf", ".Inf", ".INF", "+.inf"})
    void positiveInfinity(String text) {
        assertEquals(Double.POSITIVE_INFINITY, load(text));
    }

    @Test
    void negativeInfinityAndNan() {
        assertEquals(Double.NEGATIVE_INFINITY, load("-.inf"));
        assertTrue(Double.isNaN((Double) load(".nan")));
        assertTrue(Double.isNaN((Double) load(".NaN")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"~", "null", "Null", "NULL", ""})
    void nulls(String text) {
        assertNull(load(text));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "True,true", "TRUE,true", "false,false", "False,false", "FALSE,false"})
    void bools(String text, boolean expected) {
        assertEquals(expected, load(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "on", "off", "y", "n", "Yes", "tRUE", "nan", "inf", "0x", "1:20", "1.2.3",
        "3.13.1", "0b", "-x", "2024-13-01", "2024-02-30", "2024-1-1x", "12:30", "1e", "abc", "0o8", ".", "._1"})
    void strings(String text) {
        assertEquals(text, load(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"123\"", "'123'", "\"true\"", "'~'", "\"2024-01-01\"", "\"0x1F\"", "!!str 123",
        "!!str true", "! 12"})
    void quotedOrStrTaggedScalarsAreStrings(String text) {
        Object v = load(text);
        assertTrue(v instanceof String, text + " -> " + v);
    }

    @Test
    void timestamps() {
        assertEquals(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), load("2024-01-01"));
        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), load("2024-1-2T3:4:5Z"));
        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), load("2024-01-02t03:04:05Z"));
        assertEquals(OffsetDateTime.of(2001, 12, 14, 21, 59, 43, 100_000_000, ZoneOffset.UTC),
                load("2001-12-14 21:59:43.10"));
        assertEquals(OffsetDateTime.of(2006, 1, 2, 15, 4, 5, 123_456_789, ZoneOffset.ofHoursMinutes(7, 6)),
                load("2006-01-02T15:04:05.123456789+07:06"));
        assertEquals(OffsetDateTime.of(2006, 1, 2, 15, 4, 5, 0, ZoneOffset.ofHours(-5)),
                load("2006-01-02T15:04:05-05:00"));
        // go-yaml cannot parse a space-separated time with a zone: it stays a string
        assertEquals("2001-12-14 21:59:43.10 -5", load("2001-12-14 21:59:43.10 -5"));
        assertEquals("2024-01-01T10:00:00", load("2024-01-01T10:00:00"));
    }

    @Test
    void explicitTags() {
        assertEquals(12.0, load("!!float 12"));
        assertEquals(12L, load("!!int \"12\""));
        assertEquals(true, load("!!bool \"true\""));
        assertEquals(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), load("!!timestamp \"2024-01-01\""));
        assertEquals("hello", load("!!binary aGVsbG8="));
        SopsException e = assertThrows(SopsException.class, () -> load("!!int abc"));
        assertFalse(e.getMessage().contains("abc"));
    }

    @Test
    void integerBeyondInt64IsGoUint64WhichSopsRejects() {
        SopsException e = assertThrows(SopsException.class, () -> load("18446744073709551615"));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        assertEquals("Cannot walk value, unknown type: uint64", e.getMessage());
        assertEquals(9223372036854775807L, load("0x7FFFFFFFFFFFFFFF"));
    }

    @Test
    void plainKeepsStringMatchesGoYamlQuotingRule() {
        assertTrue(GoYamlResolver.plainKeepsString("hello"));
        assertTrue(GoYamlResolver.plainKeepsString("3.13.1"));
        assertFalse(GoYamlResolver.plainKeepsString("yes"));
        assertFalse(GoYamlResolver.plainKeepsString("Off"));
        assertFalse(GoYamlResolver.plainKeepsString("1:20"));
        assertFalse(GoYamlResolver.plainKeepsString("-1:30.5"));
        assertFalse(GoYamlResolver.plainKeepsString("123"));
        assertFalse(GoYamlResolver.plainKeepsString("2026-01-01T00:00:00Z"));
        assertFalse(GoYamlResolver.plainKeepsString("<<"));
        assertFalse(GoYamlResolver.plainKeepsString(""));
    }
}
