package dev.secrets.age;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 (BIP 173 checksum) without BIP 173's 90-character limit, with age's rules: no mixed case,
 * the human-readable part returned in the case it was written, strict padding. Post-quantum
 * recipients are about 1,960 characters, more than jagged's codec takes. Messages are age's.
 */
final class LongBech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded string: the human-readable part as written, and the data bytes. */
    record Decoded(String hrp, byte[] data) {
    }

    private LongBech32() {
    }

    /** Encodes in the case of {@code hrp} (which must not be mixed case). */
    static String encode(String hrp, byte[] data) {
        boolean upper = !hrp.toLowerCase(Locale.ROOT).equals(hrp);
        String lowerHrp = hrp.toLowerCase(Locale.ROOT);
        byte[] values = toFiveBits(data);
        StringBuilder b = new StringBuilder(lowerHrp.length() + 1 + values.length + 6);
        b.append(lowerHrp).append('1');
        for (byte v : values) {
            b.append(CHARSET.charAt(v));
        }
        int mod = polymod(lowerHrp, values, true) ^ 1;
        for (int i = 0; i < 6; i++) {
            b.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
        }
        String s = b.toString();
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** @throws IllegalArgumentException with age's reason (it may name a position, never echoes the input) */
    static Decoded decode(String s) {
        if (!s.toLowerCase(Locale.ROOT).equals(s) && !s.toUpperCase(Locale.ROOT).equals(s)) {
            throw new IllegalArgumentException("mixed case");
        }
        int pos = s.lastIndexOf('1');
        if (pos < 1 || pos + 7 > s.length()) {
            throw new IllegalArgumentException("separator '1' at invalid position: pos=" + pos + ", len=" + s.length());
        }
        String hrp = s.substring(0, pos);
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("invalid character human-readable part: s[" + i + "]");
            }
        }
        byte[] values = new byte[s.length() - pos - 1];
        for (int i = 0; i < values.length; i++) {
            // per character: String.toLowerCase may change the length of non-ASCII text
            int d = CHARSET.indexOf(Character.toLowerCase(s.charAt(pos + 1 + i)));
            if (d < 0) {
                throw new IllegalArgumentException("invalid character data part: s[" + i + "]");
            }
            values[i] = (byte) d;
        }
        if (polymod(hrp.toLowerCase(Locale.ROOT), values, false) != 1) {
            throw new IllegalArgumentException("invalid checksum");
        }
        return new Decoded(hrp, fromFiveBits(values, values.length - 6));
    }

    private static int polymod(String hrp, byte[] values, boolean withEmptyChecksum) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >>> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (byte v : values) {
            chk = step(chk, v);
        }
        if (withEmptyChecksum) {
            for (int i = 0; i < 6; i++) {
                chk = step(chk, 0);
            }
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) == 1) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }

    private static byte[] toFiveBits(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 8 / 5 + 1);
        int acc = 0;
        int bits = 0;
        for (byte b : data) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.write((acc >>> bits) & 31);
            }
        }
        if (bits > 0) {
            out.write((acc << (5 - bits)) & 31);
        }
        return out.toByteArray();
    }

    private static byte[] fromFiveBits(byte[] values, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 5 / 8);
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < count; i++) {
            acc = (acc << 5) | values[i];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((acc >>> bits) & 0xff);
            }
        }
        if (bits >= 5) {
            throw new IllegalArgumentException("illegal zero padding");
        }
        if (((acc << (8 - bits)) & 0xff) != 0) {
            throw new IllegalArgumentException("non-zero padding");
        }
        return out.toByteArray();
    }
}
