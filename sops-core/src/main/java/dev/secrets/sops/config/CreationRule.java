package dev.secrets.sops.config;

import dev.secrets.sops.metadata.Selection;
import java.util.List;
import java.util.Map;

/**
 * One {@code creation_rules} entry of {@code .sops.yaml}.
 *
 * @param pathRegex null or empty matches every file
 * @param keyGroups each group maps a key type ({@code age}, {@code pgp}, ...) to its key strings
 */
public record CreationRule(String pathRegex, List<Map<String, List<String>>> keyGroups, int shamirThreshold,
                           Selection selection, boolean macOnlyEncrypted) {
    public CreationRule {
        keyGroups = keyGroups.stream().map(Map::copyOf).toList();
    }

    /** sops searches the regex (unanchored) in the path relative to the config's folder. */
    public boolean matches(String relativePath) {
        return pathRegex == null || pathRegex.isEmpty()
                || Selection.compile("path_regex", pathRegex).find(relativePath);
    }

    /** Every age recipient of the rule, in order. */
    public List<String> ageRecipients() {
        return keyGroups.stream().flatMap(g -> g.getOrDefault("age", List.of()).stream()).toList();
    }
}
