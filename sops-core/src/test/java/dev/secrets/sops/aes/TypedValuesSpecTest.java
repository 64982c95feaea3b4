package dev.secrets.sops.aes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.testing.RawEnc;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * SOPS-FORMAT.md §2.4: a decrypted plaintext is parsed back by its type tag as Go's strconv and
 * time do (Atoi, ParseFloat, ParseBool, RFC 3339), and written with the tag of its Java type.
 * Values are sealed with the JDK directly ({@link RawEnc}), so only the parsing is under test.
 */
class TypedValuesSpecTest {
    private static final byte[] KEY = new byte[32];
    private static final String AAD = "k:";

    private static Object open(String type, String plaintext) {
        return new ValueCipher().decrypt(RawEnc.seal(KEY, AAD, plaintext.getBytes(StandardCharsets.UTF_8), type), KEY, AAD).value();
    }

    private static void refused(String message, String type, String plaintext) {
        SopsException e = assertThrows(SopsException.class, () -> open(type, plaintext), type + " " + plaintext);
        assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
        assertEquals(message, e.getMessage());
    }

    @Test
    void intIsAtoi() {
        assertEquals(42L, open("int", "42"));
        assertEquals(-7L, open("int", "-7"));
        assertEquals(5L, open("int", "+5"));
        assertEquals(Long.MAX_VALUE, open("int", "9223372036854775807"));
        for (String bad : new String[] {"1.5", "9223372036854775808", "0x10", " 1", "1_000"}) {
            refused("Error decoding decrypted value of type int", "int", bad);
        }
    }

    @Test
    void floatIsParseFloat() {
        assertEquals(1.5, open("float", "1.5"));
        assertEquals(1e21, open("float", "1000000000000000000000"));
        assertEquals(-0.0, open("float", "-0"));
        assertEquals(1e-7, open("float", "1e-7"));
        for (String inf : new String[] {"inf", "+Inf", "INFINITY", "+infinity"}) {
            assertEquals(Double.POSITIVE_INFINITY, open("float", inf), inf);
        }
        assertEquals(Double.NEGATIVE_INFINITY, open("float", "-Inf"));
        assertEquals(Double.NEGATIVE_INFINITY, open("float", "-infinity"));
        assertTrue(Double.isNaN((Double) open("float", "NaN")));
        // Java's own syntax that Go does not have: type suffixes; and what we refuse on purpose
        for (String bad : new String[] {"1.5d", "2f", "3D", "4F", "1_0", "0x1p3", "abc"}) {
            refused("Error decoding decrypted value of type float", "float", bad);
        }
    }

    @Test
    void boolIsParseBool() {
        for (String t : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
            assertEquals(true, open("bool", t), t);
        }
        for (String f : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
            assertEquals(false, open("bool", f), f);
        }
        for (String bad : new String[] {"yes", "tRUE", "2"}) {
            refused("Error decoding decrypted value of type bool", "bool", bad);
        }
    }

    @Test
    void otherTypes() {
        assertEquals(OffsetDateTime.parse("2024-01-02T03:04:05.5+07:06"), open("time", "2024-01-02T03:04:05.5+07:06"));
        refused("Error decoding decrypted value of type time", "time", "2024-01-02");
        assertEquals(new Comment(" c"), open("comment", " c"));
        assertEquals("x\u00e9", open("str", "x\u00e9"));
        byte[] invalid = {(byte) 0xff, 'a'};
        Object raw = new ValueCipher().decrypt(RawEnc.seal(KEY, AAD, invalid, "str"), KEY, AAD).value();
        assertArrayEquals(invalid, ((RawString) raw).bytes());
        // legacy Python sops: raw bytes, read but never written (a byte[] is written as str)
        assertArrayEquals(new byte[] {1, 2}, (byte[]) new ValueCipher().decrypt(RawEnc.seal(KEY, AAD, new byte[] {1, 2}, "bytes"), KEY, AAD).value());
        refused("Unknown datatype: Str", "Str", "x");
    }

    @Test
    void writtenWithTheTagOfItsType() {
        ValueCipher cipher = new ValueCipher();
        Object[][] cases = {{"s", "str"}, {new RawString(new byte[] {(byte) 0xff}), "str"}, {new byte[] {1}, "str"},
            {3L, "int"}, {2.5, "float"}, {true, "bool"}, {OffsetDateTime.parse("2024-01-02T03:04:05Z"), "time"},
            {new Comment("c"), "comment"}};
        for (Object[] c : cases) {
            String enc = cipher.encrypt(c[0], KEY, AAD);
            assertEquals("type:" + c[1] + "]", enc.substring(enc.lastIndexOf(',') + 1), String.valueOf(c[0]));
        }
        SopsException e = assertThrows(SopsException.class, () -> cipher.encrypt(new Object(), KEY, AAD));
        assertEquals(ExitCodes.ERROR_ENCRYPTING_TREE, e.exitCode());
        assertEquals("True", new String(RawEnc.open(KEY, AAD, cipher.encrypt(true, KEY, AAD)), StandardCharsets.UTF_8));
        assertEquals("2.5", new String(RawEnc.open(KEY, AAD, cipher.encrypt(2.5, KEY, AAD)), StandardCharsets.UTF_8));
    }
}
