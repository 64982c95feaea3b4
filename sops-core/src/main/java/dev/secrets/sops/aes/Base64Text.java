package dev.secrets.sops.aes;

/**
 * Standard base64 (RFC 4648 alphabet, '=' padding) between a region of a String and a byte array,
 * without the intermediate strings and arrays of java.util.Base64. The decoder accepts only the
 * canonical padded form (length a multiple of 4, alphabet characters, '=' only as the last one or
 * two); for anything else it answers "no" and the caller takes the general path, which decides as
 * before.
 */
final class Base64Text {
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private Base64Text() {
    }

    static int encodedLength(int n) {
        return (n + 2) / 3 * 4;
    }

    /** Writes the base64 of in[off, off+len) at out[at]; returns the position after it. */
    static int encode(byte[] in, int off, int len, byte[] out, int at) {
        int end = off + len;
        int i = off;
        while (end - i >= 3) {
            int v = (in[i] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8 | (in[i + 2] & 0xFF);
            out[at] = ALPHABET[v >>> 18];
            out[at + 1] = ALPHABET[(v >>> 12) & 63];
            out[at + 2] = ALPHABET[(v >>> 6) & 63];
            out[at + 3] = ALPHABET[v & 63];
            i += 3;
            at += 4;
        }
        int rest = end - i;
        if (rest == 1) {
            int v = (in[i] & 0xFF) << 16;
            out[at] = ALPHABET[v >>> 18];
            out[at + 1] = ALPHABET[(v >>> 12) & 63];
            out[at + 2] = '=';
            out[at + 3] = '=';
            at += 4;
        } else if (rest == 2) {
            int v = (in[i] & 0xFF) << 16 | (in[i + 1] & 0xFF) << 8;
            out[at] = ALPHABET[v >>> 18];
            out[at + 1] = ALPHABET[(v >>> 12) & 63];
            out[at + 2] = ALPHABET[(v >>> 6) & 63];
            out[at + 3] = '=';
            at += 4;
        }
        return at;
    }

    /** The decoded length of s[from, to) in canonical form, or -1 when it is not. */
    static int decodedLength(String s, int from, int to) {
        int n = to - from;
        if (n <= 0 || n % 4 != 0) {
            return -1;
        }
        int pad = s.charAt(to - 1) == '=' ? (s.charAt(to - 2) == '=' ? 2 : 1) : 0;
        return n / 4 * 3 - pad;
    }

    /**
     * Decodes canonical base64 s[from, to) into out at {@code at}; false (out partly written) when a
     * character is outside the alphabet or '=' is anywhere but the last one or two places.
     */
    static boolean decode(String s, int from, int to, byte[] out, int at) {
        int pad = s.charAt(to - 1) == '=' ? (s.charAt(to - 2) == '=' ? 2 : 1) : 0;
        int fullEnd = pad == 0 ? to : to - 4;
        int i = from;
        while (i < fullEnd) {
            int a = value(s.charAt(i));
            int b = value(s.charAt(i + 1));
            int c = value(s.charAt(i + 2));
            int d = value(s.charAt(i + 3));
            if ((a | b | c | d) < 0) {
                return false;
            }
            int v = a << 18 | b << 12 | c << 6 | d;
            out[at] = (byte) (v >>> 16);
            out[at + 1] = (byte) (v >>> 8);
            out[at + 2] = (byte) v;
            i += 4;
            at += 3;
        }
        if (pad == 0) {
            return true;
        }
        int a = value(s.charAt(i));
        int b = value(s.charAt(i + 1));
        if ((a | b) < 0) {
            return false;
        }
        if (pad == 2) {
            out[at] = (byte) ((a << 18 | b << 12) >>> 16);
            return true;
        }
        int c = value(s.charAt(i + 2));
        if (c < 0) {
            return false;
        }
        int v = a << 18 | b << 12 | c << 6;
        out[at] = (byte) (v >>> 16);
        out[at + 1] = (byte) (v >>> 8);
        return true;
    }

    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }
}
