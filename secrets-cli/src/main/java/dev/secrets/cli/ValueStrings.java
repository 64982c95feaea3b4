package dev.secrets.cli;

import dev.secrets.sops.tree.GoValues;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/** A leaf as environment text (sops' ValToString): strings as is, bools true/false, numbers and times as Go prints them. */
final class ValueStrings {
    private ValueStrings() {
    }

    static String of(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof RawString r) {
            return new String(r.bytes(), StandardCharsets.UTF_8);
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof OffsetDateTime t) {
            return GoValues.formatTime(t);
        }
        if (v instanceof Double d) {
            String s = GoValues.formatFloat(d);
            return s.contains(".") || s.contains("Inf") || s.contains("NaN") ? s : s + ".0";
        }
        return String.valueOf(v);
    }
}
