package dev.secrets.sops.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's strconv.FormatFloat with precision -1 (shortest digits that read back to the same double).
 * JDK 17's Double.toString is not always shortest, so the digits are searched for here.
 */
public final class GoFloat {
    private GoFloat() {
    }

    /** Shortest decimal digits d1d2...dn and exponent dp such that the value is 0.d1...dn × 10^dp. */
    record Digits(String digits, int dp) {
    }

    static Digits shortest(double abs) {
        if (abs == 0) {
            return new Digits("0", 1);
        }
        BigDecimal exact = new BigDecimal(abs);
        for (int p = 1; p <= 17; p++) {
            BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == abs) {
                return digitsOf(rounded);
            }
        }
        return digitsOf(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    private static Digits digitsOf(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().toString();
        return new Digits(digits, digits.length() - stripped.scale());
    }

    /** FormatFloat(v, 'f', -1, 64): never an exponent. */
    public static String formatF(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String sign = isNegative(v) ? "-" : "";
        return sign + plain(shortest(Math.abs(v)));
    }

    /** FormatFloat(v, 'e' or 'E', -1, 64): d.ddde±dd. */
    public static String formatE(double v, char e) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String sign = isNegative(v) ? "-" : "";
        return sign + exponential(shortest(Math.abs(v)), e);
    }

    /** FormatFloat(v, 'G', -1, 64): with shortest digits strconv switches to %E when exp &lt; -4 or exp &gt;= 6. */
    public static String formatG(double v) {
        return formatG(v, 'E');
    }

    /** FormatFloat(v, 'g' or 'G', -1, 64), with {@code e} the exponent letter. */
    public static String formatG(double v, char e) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        Digits d = shortest(Math.abs(v));
        String sign = isNegative(v) ? "-" : "";
        int exp = d.dp() - 1;
        if (v != 0 && (exp < -4 || exp >= 6)) {
            return sign + exponential(d, e);
        }
        return sign + plain(d);
    }

    /** encoding/json's float64 form: 'f', or 'e' below 1e-6 / from 1e21 with e-07 shortened to e-7. */
    public static String formatJson(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("json: unsupported value: " + special(v));
        }
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = formatE(v, 'e');
            int n = s.length();
            if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
                s = s.substring(0, n - 2) + s.charAt(n - 1);
            }
            return s;
        }
        return formatF(v);
    }

    private static boolean isNegative(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return null;
    }

    private static String plain(Digits d) {
        String digits = d.digits();
        int dp = d.dp();
        int n = digits.length();
        if (dp <= 0) {
            return "0." + "0".repeat(-dp) + digits;
        }
        if (dp >= n) {
            return digits + "0".repeat(dp - n);
        }
        return digits.substring(0, dp) + "." + digits.substring(dp);
    }

    private static String exponential(Digits d, char e) {
        String digits = d.digits();
        StringBuilder sb = new StringBuilder();
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        int exp = digits.equals("0") ? 0 : d.dp() - 1;
        sb.append(e).append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        sb.append(a);
        return sb.toString();
    }
}
