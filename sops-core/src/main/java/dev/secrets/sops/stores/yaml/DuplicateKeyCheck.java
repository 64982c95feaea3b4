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
            for (int i = 0; i < m.size(); i++) {
                for (int j = i + 1; j < m.size(); j++) {
                    if (sameKey(m.keys.get(i), m.keys.get(j))) {
                        YamlNode.Scalar k = (YamlNode.Scalar) m.keys.get(j);
                        return Optional.of("line " + (k.line + 1) + ": mapping key " + goQuote(k.text)
                                + " already defined at line " + (m.keys.get(i).line + 1));
                    }
                }
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

    private static boolean sameKey(YamlNode a, YamlNode b) {
        return a instanceof YamlNode.Scalar x && b instanceof YamlNode.Scalar y && x.text.equals(y.text)
                && !x.text.equals("<<");
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
