package dev.secrets.sops.stores;

import dev.secrets.sops.internal.GoFloat;
import dev.secrets.sops.internal.GoValues;
import dev.secrets.sops.tree.RawString;
import java.time.OffsetDateTime;

/** sops' stores.ValToString: how the flat stores (dotenv, INI) write a non-string value. */
public final class ValueText {

    private ValueText() {
    }

    /** The text of a scalar value; callers reject maps and lists first. Result may be a byte string. */
    public static String valToString(Object value) {
        if (value == null) {
            return "<nil>"; // fmt's %v of a nil interface
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            String result = GoFloat.formatG(d);
            // an integral float gets ".0" so it cannot be confused with an int
            if (result.indexOf('.') < 0 && result.indexOf('E') < 0 && !Double.isNaN(d) && !Double.isInfinite(d)) {
                result = GoFloat.formatF(d) + ".0";
            }
            return result;
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof OffsetDateTime t) {
            return GoValues.formatRfc3339(t);
        }
        if (value instanceof RawString raw) {
            return new String(raw.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < bytes.length; i++) {
                sb.append(i == 0 ? "" : " ").append(bytes[i] & 0xff);
            }
            return sb.append(']').toString();
        }
        return value.toString(); // Long, Integer: decimal
    }

    /** Whether the value is a map or a list (which the flat stores cannot hold). */
    public static boolean isComplex(Object value) {
        return value instanceof dev.secrets.sops.tree.Branch || value instanceof java.util.List;
    }
}
