package dev.secrets.sops.tree;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How Go writes the leaf values sops encrypts and hashes: {@code strconv.FormatFloat(v,'f',-1,64)},
 * {@code time.MarshalText}, {@code True}/{@code False}. These bytes are both the plaintext inside
 * ENC[...] and the MAC input, so they must match Go exactly.
 */
public final class GoValues {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private GoValues() {
    }

    /** The plaintext bytes of a leaf (sops.go ToBytes). */
    public static byte[] toBytes(Object value) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof RawString r) {
            return r.bytes();
        }
        if (value instanceof Boolean b) {
            return (b ? "True" : "False").getBytes(StandardCharsets.US_ASCII);
        }
        if (value instanceof Long l) {
            return Long.toString(l).getBytes(StandardCharsets.US_ASCII);
        }
        if (value instanceof Double d) {
            return formatFloat(d).getBytes(StandardCharsets.US_ASCII);
        }
        if (value instanceof OffsetDateTime t) {
            return formatTime(t).getBytes(StandardCharsets.US_ASCII);
        }
        if (value instanceof Comment c) {
            return c.text().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalArgumentException("Cannot convert value of type " + typeName(value) + " to bytes");
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
    public static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        return shortest(v).stripTrailingZeros().toPlainString();
    }

    /**
     * The shortest decimal that reads back as {@code v}, choosing the closest one among equally short
     * candidates, as Go's strconv does. (JDK 17's Double.toString is not always shortest.)
     */
    public static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == v) {
                return candidate;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /** Go's {@code time.MarshalText}: RFC 3339 with nanoseconds, trailing zeros dropped, Z for UTC. */
    public static String formatTime(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        ZoneOffset offset = t.getOffset();
        if (offset.getTotalSeconds() == 0) {
            sb.append('Z');
        } else {
            int total = offset.getTotalSeconds();
            sb.append(total < 0 ? '-' : '+');
            total = Math.abs(total);
            sb.append(String.format("%02d:%02d", total / 3600, (total / 60) % 60));
        }
        return sb.toString();
    }

    /** A type name for error messages (never the value). */
    public static String typeName(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String || value instanceof RawString) {
            return "string";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "float64";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof OffsetDateTime) {
            return "time.Time";
        }
        if (value instanceof Branch) {
            return "map";
        }
        if (value instanceof java.util.List) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }
}
