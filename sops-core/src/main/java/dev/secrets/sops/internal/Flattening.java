package dev.secrets.sops.internal;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.ValueText;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metadata of the flat stores (dotenv, INI) as one line per leaf (sops: stores/flatten.go): a map
 * level adds {@code __map_<key>}, a list position {@code __list_<n>}. Newline escaping is left to the
 * stores, which do it where sops does.
 */
public final class Flattening {
    public static final String MAP_SEPARATOR = "__map_";
    public static final String LIST_SEPARATOR = "__list_";

    /** One flattened entry. The value is text as the flat stores write it (before newline escaping). */
    public record Pair(String key, String value) {
    }

    private Flattening() {
    }

    /**
     * Flattens the tree in the order given (3.13: the caller passes it sorted, so lists keep index
     * order even past 10 entries). Comments and null values are skipped; an empty list gives no line.
     */
    public static List<Pair> flatten(Branch tree) {
        return flatten(tree, "");
    }

    /** The same with every key prefixed (dotenv: {@code sops_}). */
    public static List<Pair> flatten(Branch tree, String prefix) {
        List<Pair> out = new ArrayList<>();
        flattenMap(tree, prefix, out, new HashSet<>());
        return out;
    }

    private static void flattenMap(Branch branch, String prefix, List<Pair> out, Set<String> seen) {
        for (Branch.Item item : branch) {
            if (item.isComment()) {
                continue;
            }
            flattenValue(item.value(), prefix + item.key(), out, seen);
        }
    }

    private static void flattenValue(Object value, String key, List<Pair> out, Set<String> seen) {
        if (value instanceof Branch b) {
            flattenMap(b, key + MAP_SEPARATOR, out, seen);
            return;
        }
        if (value instanceof List<?> list) {
            int i = 0;
            for (Object element : list) {
                if (element instanceof Comment) {
                    continue;
                }
                flattenValue(element, key + LIST_SEPARATOR + i, out, seen);
                i++;
            }
            return;
        }
        if (value == null) {
            return; // what sops <= 3.12 did; 3.13 would write "<nil>", never the case for real metadata
        }
        if (!seen.add(key)) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "Found key collision \"" + ErrorText.escape(key) + "\" while flattening");
        }
        out.add(new Pair(key, ValueText.valToString(value)));
    }

    /**
     * Rebuilds the nested tree from pairs in any order. As in sops, every map level comes out sorted
     * by key (byte order), so the result does not depend on the file's order; list positions must be
     * complete 0..n-1.
     */
    public static Branch unflatten(List<Pair> pairs) {
        Node root = new Node();
        for (Pair pair : pairs) {
            Node node = root;
            List<Object> tokens = tokenize(pair.key());
            if (tokens.size() > Store.MAX_DEPTH) {
                throw error("Error while unflattening \"" + ErrorText.escape(tokens.get(0).toString())
                        + "...\": exceeded max depth of " + Store.MAX_DEPTH);
            }
            for (Object token : tokens) {
                node = token instanceof Integer index
                        ? node.indices.computeIfAbsent(index, k -> new Node())
                        : node.subkeys.computeIfAbsent((String) token, k -> new Node());
            }
            if (node.hasValue) {
                throw error("Error while unflattening \"" + ErrorText.escape(pair.key()) + "\": Duplicate value");
            }
            node.hasValue = true;
            node.value = pair.value();
        }
        Object result = convert(root);
        if (result instanceof Branch b) {
            return b;
        }
        throw error("Internal error: cannot find root");
    }

    /** Splits at the separators; the first token is a map key. A list index that is no number is 0, as in sops. */
    static List<Object> tokenize(String path) {
        List<Object> tokens = new ArrayList<>();
        int state = 0; // 0 normal, 1 map, 2 list
        int tokenStart = 0;
        int i = 0;
        while (i <= path.length()) {
            boolean atMap = i < path.length() && path.startsWith(MAP_SEPARATOR, i);
            boolean atList = !atMap && i < path.length() && path.startsWith(LIST_SEPARATOR, i);
            if (atMap || atList || i == path.length()) {
                String text = path.substring(tokenStart, i);
                if (state == 2) {
                    int index;
                    try {
                        index = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        index = 0;
                    }
                    tokens.add(index);
                } else {
                    tokens.add(text);
                }
                if (i == path.length()) {
                    break;
                }
                state = atMap ? 1 : 2;
                i += atMap ? MAP_SEPARATOR.length() : LIST_SEPARATOR.length();
                tokenStart = i;
            } else {
                i++;
            }
        }
        return tokens;
    }

    private static Object convert(Node node) {
        int kinds = (node.hasValue ? 1 : 0) + (node.subkeys.isEmpty() ? 0 : 1) + (node.indices.isEmpty() ? 0 : 1);
        if (kinds > 1) {
            throw error("Error while unflattening: Type mismatch");
        }
        if (node.hasValue) {
            return node.value;
        }
        if (!node.indices.isEmpty()) {
            int max = node.indices.lastKey();
            if (node.indices.firstKey() != 0 || max + 1 != node.indices.size()) {
                throw error("Error while unflattening: Incomplete list");
            }
            List<Object> list = new ArrayList<>();
            for (Node child : node.indices.values()) {
                list.add(convert(child));
            }
            return list;
        }
        Branch branch = new Branch();
        for (Map.Entry<String, Node> e : node.subkeys.entrySet()) {
            branch.add(e.getKey(), convert(e.getValue()));
        }
        return branch;
    }

    /** Go's string order: bytewise on UTF-8 (differs from String.compareTo beyond the BMP). */
    static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static SopsException error(String message) {
        return new SopsException(ExitCodes.ERROR_GENERIC, message);
    }

    private static final class Node {
        boolean hasValue;
        Object value;
        final Map<String, Node> subkeys = new TreeMap<>(Flattening::compareBytes);
        final TreeMap<Integer, Node> indices = new TreeMap<>();
    }
}
