package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.List;

/** sops' set/unset on a document: missing maps and lists are created on set; unset removes the entry. */
final class TreeEdits {
    private TreeEdits() {
    }

    /** A KEY (dotenv name, top-level key) or a sops path {@code ["a"]["b"]}. */
    static List<Object> path(String keyOrPath) {
        if (keyOrPath.startsWith("[")) {
            try {
                return ExtractPath.parse(keyOrPath);
            } catch (SopsException e) {
                throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "Invalid path: " + e.getMessage());
            }
        }
        return List.of(keyOrPath);
    }

    /** Sets the value; returns false when it was already equal (for --idempotent). */
    @SuppressWarnings("unchecked")
    static boolean set(Branch doc, List<Object> path, Object value) {
        Object node = doc;
        for (int i = 0; i < path.size(); i++) {
            Object component = path.get(i);
            boolean last = i == path.size() - 1;
            Object next = last ? null : path.get(i + 1);
            if (component instanceof String key && node instanceof Branch b) {
                if (last) {
                    boolean same = b.containsKey(key) && value.equals(b.get(key));
                    b.put(key, value);
                    return !same;
                }
                Object child = b.get(key);
                if (!b.containsKey(key) || !(child instanceof Branch || child instanceof List)) {
                    child = next instanceof Integer ? new ArrayList<>() : new Branch();
                    b.put(key, child);
                }
                node = child;
            } else if (component instanceof Integer index && node instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                if (last) {
                    if (index < list.size()) {
                        boolean same = value.equals(list.get(index));
                        list.set(index, value);
                        return !same;
                    }
                    list.add(value);
                    return true;
                }
                if (index >= list.size()) {
                    list.add(next instanceof Integer ? new ArrayList<>() : new Branch());
                    node = list.get(list.size() - 1);
                } else {
                    node = list.get(index);
                }
            } else {
                throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "Invalid path: component " + component
                        + " does not fit the document's structure");
            }
        }
        return true;
    }

    /** Removes the entry; throws "Key not found" (exit 1) when absent. */
    @SuppressWarnings("unchecked")
    static void unset(Branch doc, List<Object> path) {
        Object node = doc;
        for (int i = 0; i < path.size(); i++) {
            Object component = path.get(i);
            boolean last = i == path.size() - 1;
            if (component instanceof String key && node instanceof Branch b) {
                if (!b.containsKey(key)) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "Key not found: " + key);
                }
                if (last) {
                    b.remove(key);
                    return;
                }
                node = b.get(key);
            } else if (component instanceof Integer index && node instanceof List<?> l) {
                if (index < 0 || index >= l.size()) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "Index " + index + " out of bounds");
                }
                if (last) {
                    ((List<Object>) l).remove((int) index);
                    return;
                }
                node = l.get(index);
            } else {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "Key not found: " + component);
            }
        }
    }
}
