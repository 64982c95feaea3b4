package dev.secrets.sops.merge;

import dev.secrets.sops.tree.Branch;
import java.util.Arrays;
import java.util.List;

/**
 * Whether two decrypted values are the same, deeply: maps item by item (order and comments
 * included), lists element by element. Unlike {@code equals}, legacy {@code bytes} values (byte[])
 * compare by content, so an untouched one is not taken for a change.
 */
final class SameValue {
    private SameValue() {
    }

    static boolean of(Object a, Object b) {
        if (a instanceof Branch x && b instanceof Branch y) {
            return sameItems(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return sameElements(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return a == null ? b == null : a.equals(b);
    }

    private static boolean sameItems(Branch x, Branch y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            Branch.Item a = x.items().get(i);
            Branch.Item b = y.items().get(i);
            if (!a.key().equals(b.key()) || !of(a.value(), b.value())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameElements(List<?> x, List<?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!of(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }
}
