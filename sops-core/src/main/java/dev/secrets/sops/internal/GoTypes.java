package dev.secrets.sops.internal;

import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.time.OffsetDateTime;
import java.util.List;

/** The Go type name sops would print (%T) for a tree value, for error messages that name no value. */
public final class GoTypes {
    private GoTypes() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof String || value instanceof RawString) {
            return "string";
        }
        if (value instanceof Long || value instanceof Integer) {
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
            return "sops.TreeBranch";
        }
        if (value instanceof List) {
            return "[]interface {}";
        }
        if (value instanceof Comment) {
            return "sops.Comment";
        }
        if (value instanceof byte[]) {
            return "[]uint8";
        }
        return value.getClass().getSimpleName();
    }
}
