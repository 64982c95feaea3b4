package dev.secrets.sops.tree;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.ArrayList;
import java.util.List;

/**
 * A place in a document in sops' tree path syntax, {@code ["key"]['key'][0]}, as {@code --extract},
 * {@code set} and {@code unset} take it: String keys and Integer indices. {@link #set} creates missing
 * maps and lists as sops does; {@link #unset} removes the entry.
 */
public final class TreePath {
    private final List<Object> components;

    private TreePath(List<Object> components) {
        this.components = List.copyOf(components);
    }

    /** The path {@code ["a"][0]...}; a malformed one is exit 91 (sops' invalid tree path format). */
    public static TreePath parse(String path) {
        List<Object> out = new ArrayList<>();
        if (!path.startsWith("[")) {
            throw new SopsException(ExitCodes.INVALID_TREE_PATH_FORMAT, "error parsing --extract path: must start with [");
        }
        String[] parts = path.substring(1).split("\\[", -1);
        for (String part : parts) {
            if (!part.endsWith("]")) {
                throw new SopsException(ExitCodes.INVALID_TREE_PATH_FORMAT,
                        "error parsing --extract path: component does not end with ]");
            }
            String inner = part.substring(0, part.length() - 1);
            if (inner.length() >= 2 && (inner.startsWith("\"") || inner.startsWith("'"))) {
                out.add(inner.substring(1, inner.length() - 1));
            } else {
                try {
                    out.add(Integer.parseInt(inner));
                } catch (NumberFormatException e) {
                    throw new SopsException(ExitCodes.INVALID_TREE_PATH_FORMAT,
                            "error parsing --extract path: " + inner + " is neither a quoted key nor an index");
                }
            }
        }
        return new TreePath(out);
    }

    /**
     * A plain top-level key (a dotenv name) or a sops path {@code ["a"]["b"]}, as {@code set} and
     * {@code unset} take it; a malformed path is exit 3 (sops' invalid set format).
     */
    public static TreePath keyOrPath(String keyOrPath) {
        if (keyOrPath.startsWith("[")) {
            try {
                return parse(keyOrPath);
            } catch (SopsException e) {
                throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "Invalid path: " + e.getMessage());
            }
        }
        return key(keyOrPath);
    }

    /** One top-level key. */
    public static TreePath key(String key) {
        return new TreePath(List.of(key));
    }

    /** A path of String keys and Integer indices. */
    public static TreePath of(List<Object> components) {
        for (Object c : components) {
            if (!(c instanceof String || c instanceof Integer)) {
                throw new IllegalArgumentException("a path component is a String key or an Integer index: " + c);
            }
        }
        return new TreePath(components);
    }

    /** The components: String keys and Integer indices. */
    public List<Object> components() {
        return components;
    }

    /** The value at this path in a document; absent is exit 1 with sops' message. */
    public Object get(Branch doc) {
        Object node = doc;
        for (Object component : components) {
            if (component instanceof String key && node instanceof Branch b && b.containsKey(key)) {
                node = b.get(key);
            } else if (component instanceof Integer i && node instanceof List<?> list && i >= 0 && i < list.size()) {
                node = list.get(i);
            } else {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "error truncating tree: component " + component
                        + " not found");
            }
        }
        return node;
    }

    /** Sets the value, creating missing maps and lists; false when it was already equal (for --idempotent). */
    @SuppressWarnings("unchecked")
    public boolean set(Branch doc, Object value) {
        Object node = doc;
        for (int i = 0; i < components.size(); i++) {
            Object component = components.get(i);
            boolean last = i == components.size() - 1;
            Object next = last ? null : components.get(i + 1);
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

    /** Removes the entry; absent is "Key not found" (exit 1), as sops unset. */
    @SuppressWarnings("unchecked")
    public void unset(Branch doc) {
        Object node = doc;
        for (int i = 0; i < components.size(); i++) {
            Object component = components.get(i);
            boolean last = i == components.size() - 1;
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object c : components) {
            sb.append('[').append(c instanceof String s ? "\"" + s + "\"" : c).append(']');
        }
        return sb.toString();
    }
}
