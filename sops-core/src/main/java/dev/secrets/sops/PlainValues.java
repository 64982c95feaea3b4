package dev.secrets.sops;

import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tree as ordinary Java collections, for library users who want a Map. */
final class PlainValues {
    private PlainValues() {
    }

    static Map<String, Object> toMap(Branch branch) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Branch.Item item : branch) {
            if (item.key() instanceof String key) {
                out.put(key, toJava(item.value()));
            }
        }
        return out;
    }

    private static Object toJava(Object value) {
        if (value instanceof Branch b) {
            return toMap(b);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object e : list) {
                if (!(e instanceof Comment)) {
                    out.add(toJava(e));
                }
            }
            return out;
        }
        if (value instanceof RawString r) {
            return new String(r.bytes(), StandardCharsets.UTF_8);
        }
        return value;
    }
}
