package dev.secrets.sops.stores.yaml;

import java.util.Optional;

/**
 * sops 3.10+ decodes the first document into a Go map before anything else, and go-yaml then
 * rejects a mapping key repeated in the same map (same node kind and same text, at any depth).
 */
final class DuplicateKeyCheck {
    /** go-yaml's message for the first duplicate, or empty. */
    Optional<String> check(YamlNode node) {
        if (node instanceof YamlNode.Mapping m) {
            int[] pair = m.size() <= 16 ? firstDuplicateByPairs(m) : firstDuplicateByHash(m);
            if (pair != null) {
                YamlNode.Scalar k = (YamlNode.Scalar) m.keys.get(pair[1]);
                return Optional.of("line " + (k.line + 1) + ": mapping key " + goQuote(k.text)
                        + " already defined at line " + (m.keys.get(pair[0]).line + 1));
            }
            for (YamlNode v : m.values) {
                Optional<String> inner = check(v);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node instanceof YamlNode.Sequence s) {
            for (YamlNode item : s.items) {
                Optional<String> inner = check(item);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /** The first (i, j), i < j, in (i, then j) order with the same key; null when none. */
    static int[] firstDuplicateByPairs(YamlNode.Mapping m) {
        for (int i = 0; i < m.size(); i++) {
            for (int j = i + 1; j < m.size(); j++) {
                if (sameKey(m.keys.get(i), m.keys.get(j))) {
                    return new int[] {i, j};
                }
            }
        }
        return null;
    }

    /**
     * The same pair in linear time: the smallest i whose key comes again, with its next occurrence j
     * (for that i the pair loop stops at the first later equal key).
     */
    static int[] firstDuplicateByHash(YamlNode.Mapping m) {
        java.util.Map<String, Integer> first = new java.util.HashMap<>(m.size() * 2);
        int[] best = null;
        for (int j = 0; j < m.size(); j++) {
            if (!(m.keys.get(j) instanceof YamlNode.Scalar s) || s.text.equals("<<")) {
                continue;
            }
            Integer i = first.putIfAbsent(s.text, j);
            if (i != null && (best == null || i < best[0])) {
                best = new int[] {i, j};
            }
        }
        return best;
    }

    private static boolean sameKey(YamlNode a, YamlNode b) {
        return a instanceof YamlNode.Scalar x && b instanceof YamlNode.Scalar y && x.text.equals(y.text)
                && !x.text.equals("<<");
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
