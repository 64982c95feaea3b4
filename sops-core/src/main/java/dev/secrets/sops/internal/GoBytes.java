package dev.secrets.sops.internal;

import dev.secrets.sops.tree.RawString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Go strings are byte sequences; the line-based stores (dotenv, INI) therefore parse a file as a
 * "byte string": a Java String holding one char (0-255) per byte (ISO-8859-1). Parsing on bytes keeps
 * invalid UTF-8 intact, and every syntax character of these formats is ASCII.
 */
public final class GoBytes {
    private GoBytes() {
    }

    /** The file as a byte string. */
    public static String byteString(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A parsed piece back to a tree value: a String when valid UTF-8, else a RawString. */
    public static Object toValue(String byteString) {
        byte[] bytes = byteString.getBytes(StandardCharsets.ISO_8859_1);
        String text = decodeStrict(bytes);
        return text != null ? text : new RawString(bytes);
    }

    /** A parsed key: keys must be Strings, so invalid bytes become U+FFFD (as sops would print them). */
    public static String toKey(String byteString) {
        return new String(byteString.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** A String or RawString as a byte string, for writing. */
    public static String fromValue(Object value) {
        if (value instanceof RawString raw) {
            return new String(raw.bytes(), StandardCharsets.ISO_8859_1);
        }
        return new String(value.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a byte string. */
    public static byte[] bytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** UTF-8 text, or null when the bytes are not valid UTF-8 (Go's utf8.Valid rules). */
    public static String decodeStrict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Go's strings.TrimSpace on a byte string (ASCII and the Unicode White_Space runes in UTF-8). */
    public static String trimSpace(String s) {
        return trimRight(trimLeft(s));
    }

    /** Go's strings.TrimLeftFunc(s, unicode.IsSpace) on a byte string. */
    public static String trimLeft(String s) {
        int i = 0;
        while (i < s.length()) {
            int n = spaceLengthAt(s, i);
            if (n == 0) {
                break;
            }
            i += n;
        }
        return s.substring(i);
    }

    /** Go's strings.TrimRightFunc(s, unicode.IsSpace) on a byte string. */
    public static String trimRight(String s) {
        int end = s.length();
        outer:
        while (end > 0) {
            for (int n = 1; n <= 3 && n <= end; n++) {
                if (spaceLengthAt(s, end - n) == n) {
                    end -= n;
                    continue outer;
                }
            }
            break;
        }
        return s.substring(0, end);
    }

    /** Length in bytes of the white-space rune starting at i, or 0. */
    private static int spaceLengthAt(String s, int i) {
        char c = s.charAt(i);
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            return 1;
        }
        if (c == 0xC2 && i + 1 < s.length()) {
            char d = s.charAt(i + 1);
            return d == 0x85 || d == 0xA0 ? 2 : 0;
        }
        if (i + 2 >= s.length()) {
            return 0;
        }
        char d = s.charAt(i + 1);
        char e = s.charAt(i + 2);
        if (c == 0xE1 && d == 0x9A && e == 0x80) {
            return 3; // U+1680
        }
        if (c == 0xE2 && d == 0x80 && ((e >= 0x80 && e <= 0x8A) || e == 0xA8 || e == 0xA9 || e == 0xAF)) {
            return 3; // U+2000..U+200A, U+2028, U+2029, U+202F
        }
        if (c == 0xE2 && d == 0x81 && e == 0x9F) {
            return 3; // U+205F
        }
        if (c == 0xE3 && d == 0x80 && e == 0x80) {
            return 3; // U+3000
        }
        return 0;
    }
}
