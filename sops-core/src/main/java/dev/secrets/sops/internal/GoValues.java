package dev.secrets.sops.internal;

import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
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
        throw new IllegalArgumentException("Cannot convert value of type " + GoTypes.of(value) + " to bytes");
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
    public static String formatFloat(double v) {
        return GoFloat.formatF(v);
    }

    /** Go's {@code t.Format(time.RFC3339)}: whole seconds (the fraction is cut, not rounded), Z for UTC. */
    public static String formatRfc3339(OffsetDateTime t) {
        return formatTime(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
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
}
