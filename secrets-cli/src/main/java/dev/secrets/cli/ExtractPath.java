package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.List;

/** sops' tree path syntax {@code ["key"]['key'][0]} for --extract, set and unset. */
public final class ExtractPath {
    private ExtractPath() {
    }

    /** The components: String keys and Integer indices. */
    public static List<Object> parse(String path) {
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
        return out;
    }

    /** The value at the path in a document. */
    public static Object get(Branch doc, List<Object> path) {
        Object node = doc;
        for (Object component : path) {
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
}
