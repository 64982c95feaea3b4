package dev.secrets.sops.stores.yaml;

import dev.secrets.sops.internal.GoFloat;

/**
 * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} as go-yaml writes floats: the shortest digits
 * that read back to the same double, in exponent form when the exponent is below -4 or at least 6
 * ({@code 1.234568e+09}), with {@code .inf}, {@code -.inf}, {@code .nan} for the specials. (Digits from
 * {@link GoFloat}.)
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
        return GoFloat.formatG(v, 'e');
    }
}
