package dev.secrets.sops.stores.yaml;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves the text of a plain YAML scalar the way go-yaml v3 does (resolve.go), because the
 * resolved type decides sops' {@code type:} tag and MAC bytes: null, bool (six spellings only),
 * int (Go ParseInt base 0 after removing underscores, so {@code 0777} is octal), float, timestamp,
 * else string. Also answers the emitter's question "would this string re-read as something else?".
 */
public final class GoYamlResolver {
    /** What a plain scalar resolves to. */
    public enum Kind { NULL, BOOL, INT, UINT, FLOAT, TIMESTAMP, MERGE, STRING }

    /** A resolved scalar: its kind and Java value (UINT keeps a BigInteger; STRING/MERGE the text). */
    public record Resolved(Kind kind, Object value) {
    }

    private static final Map<String, Resolved> FIXED = Map.ofEntries(
            Map.entry("", new Resolved(Kind.NULL, null)),
            Map.entry("~", new Resolved(Kind.NULL, null)),
            Map.entry("null", new Resolved(Kind.NULL, null)),
            Map.entry("Null", new Resolved(Kind.NULL, null)),
            Map.entry("NULL", new Resolved(Kind.NULL, null)),
            Map.entry("true", new Resolved(Kind.BOOL, Boolean.TRUE)),
            Map.entry("True", new Resolved(Kind.BOOL, Boolean.TRUE)),
            Map.entry("TRUE", new Resolved(Kind.BOOL, Boolean.TRUE)),
            Map.entry("false", new Resolved(Kind.BOOL, Boolean.FALSE)),
            Map.entry("False", new Resolved(Kind.BOOL, Boolean.FALSE)),
            Map.entry("FALSE", new Resolved(Kind.BOOL, Boolean.FALSE)),
            Map.entry(".nan", new Resolved(Kind.FLOAT, Double.NaN)),
            Map.entry(".NaN", new Resolved(Kind.FLOAT, Double.NaN)),
            Map.entry(".NAN", new Resolved(Kind.FLOAT, Double.NaN)),
            Map.entry(".inf", new Resolved(Kind.FLOAT, Double.POSITIVE_INFINITY)),
            Map.entry(".Inf", new Resolved(Kind.FLOAT, Double.POSITIVE_INFINITY)),
            Map.entry(".INF", new Resolved(Kind.FLOAT, Double.POSITIVE_INFINITY)),
            Map.entry("+.inf", new Resolved(Kind.FLOAT, Double.POSITIVE_INFINITY)),
            Map.entry("+.Inf", new Resolved(Kind.FLOAT, Double.POSITIVE_INFINITY)),
            Map.entry("+.INF", new Resolved(Kind.FLOAT, Double.POSITIVE_INFINITY)),
            Map.entry("-.inf", new Resolved(Kind.FLOAT, Double.NEGATIVE_INFINITY)),
            Map.entry("-.Inf", new Resolved(Kind.FLOAT, Double.NEGATIVE_INFINITY)),
            Map.entry("-.INF", new Resolved(Kind.FLOAT, Double.NEGATIVE_INFINITY)),
            Map.entry("<<", new Resolved(Kind.MERGE, "<<")));

    /** go-yaml's yamlStyleFloat. */
    private static final Pattern YAML_FLOAT =
            Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern DOT_FLOAT = Pattern.compile("^\\.[0-9]+([eE][-+]?[0-9]+)?$");
    /** YAML 1.1 sexagesimal numbers, which go-yaml quotes on output. */
    private static final Pattern BASE60_FLOAT =
            Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final java.util.Set<String> OLD_BOOLS = java.util.Set.of(
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "off", "Off", "OFF");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoYamlResolver() {
    }

    /** Resolves the text of an untagged plain scalar. */
    public static Resolved resolve(String in) {
        Resolved fixed = in.length() <= MAX_FIXED_LENGTH ? FIXED.get(in) : null;
        if (fixed != null) {
            return fixed;
        }
        char c = in.charAt(0);
        if (c == '.') {
            String plain = in.replace("_", "");
            if (DOT_FLOAT.matcher(plain).matches() && underscoresBetweenDigits(in)) {
                return new Resolved(Kind.FLOAT, Double.parseDouble(plain));
            }
            return new Resolved(Kind.STRING, in);
        }
        if (c != '+' && c != '-' && (c < '0' || c > '9')) {
            return new Resolved(Kind.STRING, in);
        }
        OffsetDateTime time = parseTimestamp(in);
        if (time != null) {
            return new Resolved(Kind.TIMESTAMP, time);
        }
        String plain = in.replace("_", "");
        BigInteger integer = parseGoInt(plain);
        if (integer != null) {
            if (integer.bitLength() < 64) {
                return new Resolved(Kind.INT, integer.longValueExact());
            }
            if (integer.signum() > 0 && integer.compareTo(UINT64_MAX) <= 0) {
                return new Resolved(Kind.UINT, integer);
            }
        }
        if (floatCharsOnly(plain) && YAML_FLOAT.matcher(plain).matches()) {
            double d = Double.parseDouble(plain);
            if (!Double.isInfinite(d)) {
                return new Resolved(Kind.FLOAT, d);
            }
        }
        return new Resolved(Kind.STRING, in);
    }

    /**
     * Whether go-yaml's encoder may write this string as a plain scalar: it must re-read as a string
     * and not be a YAML 1.1 bool or base-60 number.
     */
    public static boolean plainKeepsString(String s) {
        if ((s.length() <= 3 && OLD_BOOLS.contains(s)) || (base60Candidate(s) && BASE60_FLOAT.matcher(s).matches())) {
            return false;
        }
        return s.isEmpty() ? false : resolve(s).kind() == Kind.STRING;
    }

    /** The longest text in FIXED: longer texts skip the lookup (hashing a long value costs). */
    private static final int MAX_FIXED_LENGTH = FIXED.keySet().stream().mapToInt(String::length).max().orElse(0);

    /** What BASE60_FLOAT needs before the regex runs: a sign or digit first, and a ':'. */
    private static boolean base60Candidate(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return (c == '+' || c == '-' || (c >= '0' && c <= '9')) && s.indexOf(':') >= 0;
    }

    /** Whether every char is one YAML_FLOAT may match (before the regex runs). */
    private static boolean floatCharsOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Go's strconv.ParseInt(s, 0, 64) syntax (sign, then 0x/0o/0b prefix, or a leading 0 for
     * octal), without the range check; null when not an integer.
     */
    static BigInteger parseGoInt(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        int radix = 10;
        if (s.length() - i >= 2 && s.charAt(i) == '0') {
            char p = Character.toLowerCase(s.charAt(i + 1));
            if (p == 'x') {
                radix = 16;
                i += 2;
            } else if (p == 'o') {
                radix = 8;
                i += 2;
            } else if (p == 'b') {
                radix = 2;
                i += 2;
            } else {
                radix = 8;
                i += 1;
            }
        }
        if (i >= s.length()) {
            return null;
        }
        // the digits are checked before anything is allocated: most texts here are not numbers
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c > 'z' || Character.digit(c, radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(s.substring(i), radix);
        return negative ? v.negate() : v;
    }

    private static boolean underscoresBetweenDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '_') {
                boolean before = i > 0 && Character.isDigit(s.charAt(i - 1));
                boolean after = i + 1 < s.length() && Character.isDigit(s.charAt(i + 1));
                if (!before || !after) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * go-yaml's parseTimestamp: YYYY- then one of the layouts {@code 2006-1-2T15:4:5.999999999Z07:00}
     * (also lower-case t), {@code 2006-1-2 15:4:5.999999999} (UTC) or {@code 2006-1-2} (UTC), as Go's
     * time.Parse reads them (one- or two-digit month/day/hour/minute/second, optional fraction).
     */
    public static OffsetDateTime parseTimestamp(String s) {
        int n = s.length();
        if (n < 5) {
            return null;
        }
        for (int k = 0; k < 4; k++) {
            if (!isDigit(s, k)) {
                return null;
            }
        }
        if (s.charAt(4) != '-') {
            return null;
        }
        Cursor c = new Cursor(s, 5);
        int year = Integer.parseInt(s.substring(0, 4));
        int month = c.number();
        if (month < 0 || !c.expect('-')) {
            return null;
        }
        int day = c.number();
        if (day < 0) {
            return null;
        }
        if (c.atEnd()) {
            return at(year, month, day, 0, 0, 0, 0, ZoneOffset.UTC);
        }
        char sep = s.charAt(c.pos);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return null;
        }
        c.pos++;
        int hour = c.number();
        if (hour < 0 || !c.expect(':')) {
            return null;
        }
        int minute = c.number();
        if (minute < 0 || !c.expect(':')) {
            return null;
        }
        int second = c.number();
        if (second < 0) {
            return null;
        }
        int nanos = 0;
        if (c.pos + 1 < n && (s.charAt(c.pos) == '.' || s.charAt(c.pos) == ',') && isDigit(s, c.pos + 1)) {
            int start = ++c.pos;
            while (c.pos < n && isDigit(s, c.pos)) {
                c.pos++;
            }
            String frac = s.substring(start, Math.min(c.pos, start + 9));
            nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
        }
        ZoneOffset offset = ZoneOffset.UTC;
        if (sep == ' ') {
            if (!c.atEnd()) {
                return null;
            }
        } else {
            if (c.atEnd()) {
                return null;
            }
            char z = s.charAt(c.pos);
            if (z == 'Z') {
                c.pos++;
            } else if ((z == '+' || z == '-') && c.pos + 6 == n && isDigit(s, c.pos + 1) && isDigit(s, c.pos + 2)
                    && s.charAt(c.pos + 3) == ':' && isDigit(s, c.pos + 4) && isDigit(s, c.pos + 5)) {
                int hh = Integer.parseInt(s.substring(c.pos + 1, c.pos + 3));
                int mm = Integer.parseInt(s.substring(c.pos + 4, c.pos + 6));
                if (hh > 24 || mm > 60) {
                    return null;
                }
                int total = (hh * 3600 + mm * 60) * (z == '-' ? -1 : 1);
                if (Math.abs(total) > 18 * 3600) {
                    return null;
                }
                offset = ZoneOffset.ofTotalSeconds(total);
                c.pos += 6;
            } else {
                return null;
            }
            if (!c.atEnd()) {
                return null;
            }
        }
        return at(year, month, day, hour, minute, second, nanos, offset);
    }

    private static OffsetDateTime at(int y, int mo, int d, int h, int mi, int s, int nanos, ZoneOffset off) {
        if (h > 23 || mi > 59 || s > 59) {
            return null;
        }
        try {
            return OffsetDateTime.of(LocalDateTime.of(LocalDate.of(y, mo, d), java.time.LocalTime.of(h, mi, s, nanos)),
                    off);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** Reads Go's non-fixed one-or-two digit fields. */
    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        int number() {
            if (!isDigit(s, pos)) {
                return -1;
            }
            int v = s.charAt(pos++) - '0';
            if (isDigit(s, pos)) {
                v = v * 10 + (s.charAt(pos++) - '0');
            }
            return v;
        }

        boolean expect(char ch) {
            if (pos < s.length() && s.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        boolean atEnd() {
            return pos >= s.length();
        }
    }
}
