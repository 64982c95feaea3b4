package dev.secrets.spring;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens a decrypted tree into Spring's property names, as Spring's YAML loader does
 * (YamlProcessor): nested keys joined with {@code .}, list items as {@code name[i]}, a key that
 * starts with {@code [} appended as it is, an empty list or null as {@code ""}.
 */
final class SpringNames {
    private SpringNames() {
    }

    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "", tree);
        return out;
    }

    private static void put(Map<String, Object> out, String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty() && !path.isEmpty()) {
                out.put(path, "");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String name = path.isEmpty() ? key : key.startsWith("[") ? path + key : path + "." + key;
                put(out, name, e.getValue());
            }
        } else if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                out.put(path, "");
            }
            int i = 0;
            for (Object item : list) {
                put(out, path + "[" + i++ + "]", item);
            }
        } else if (value == null) {
            out.put(path, "");
        } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            out.put(path, value);
        } else {
            out.put(path, value.toString()); // timestamps: Spring converts the text
        }
    }
}
