package dev.secrets.sops.stores.yaml;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} as go-yaml writes floats: the shortest digits
 * that read back to the same double, in exponent form when the exponent is below -4 or at least 6
 * ({@code 1.234568e+09}), with {@code .inf}, {@code -.inf}, {@code .nan} for the specials. JDK 17's
 * Double.toString is not always shortest, so the digits are searched for explicitly.
 */
public final class GoFloatFormat {
    private GoFloatFormat() {
    }

    /** The float as go-yaml's encoder writes it. */
    public static String yaml(double v) {
        if (Double.isNaN(v)) {
            return ".nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? ".inf" : "-.inf";
        }
        return formatG(v);
    }

    /** FormatFloat(v, 'g', -1, 64) for finite values. */
    public static String formatG(double v) {
        boolean negative = v < 0 || (v == 0 && 1 / v < 0);
        if (v == 0) {
            return negative ? "-0" : "0";
        }
        BigDecimal shortest = shortest(Math.abs(v));
        String digits = shortest.unscaledValue().toString();
        int scale = shortest.scale();
        // strip trailing zeros of the digit string (keep the value)
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
            scale--;
        }
        digits = digits.substring(0, end);
        int exp = digits.length() - scale - 1; // decimal exponent of the first digit
        StringBuilder out = new StringBuilder();
        if (negative) {
            out.append('-');
        }
        if (exp < -4 || exp >= 6) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                out.append('0');
            }
            out.append(a);
        } else if (exp < 0) {
            out.append("0.");
            out.append("0".repeat(-exp - 1));
            out.append(digits);
        } else if (digits.length() <= exp + 1) {
            out.append(digits).append("0".repeat(exp + 1 - digits.length()));
        } else {
            out.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return out.toString();
    }

    /** The shortest correctly rounded decimal that parses back to v (v positive and finite). */
    static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == v) {
                return candidate;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
