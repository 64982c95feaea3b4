package dev.secrets.sops.config;

import dev.secrets.sops.SopsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .sops.yaml} below the repo root's that gives a file other recipients than the root's
 * rule would. The nearest config wins (as in sops), so a config planted in a service folder (a pull
 * request can add one) would silently re-key that service for its author: verbs that choose
 * recipients show it and ask, {@code validate} and the commit guard report it.
 *
 * @param file the encrypted file
 * @param config the nested config that governs it
 * @param rootConfig the repo root's config
 * @param added recipients ({@code type key}) the nested rule has and the root's has not
 * @param removed recipients the root's rule has and the nested one has not
 */
public record NestedConfig(Path file, Path config, Path rootConfig, List<String> added, List<String> removed) {

    /**
     * The nested config that changes the file's recipients, or null: when the root has no config, the
     * file's config is the root's (or lies outside the root, or was chosen by --config/SOPS_CONFIG),
     * or both rules name the same recipients (group order aside).
     */
    public static NestedConfig check(Path file, Path repoRoot, ConfigResolver configs) {
        if (repoRoot == null || configs.explicit()) {
            return null;
        }
        Path rootConfig = repoRoot.toAbsolutePath().normalize().resolve(ConfigLoader.FILE_NAME);
        Path found = configs.find(file);
        if (found == null || !Files.isRegularFile(rootConfig)) {
            return null;
        }
        Path nested = found.toAbsolutePath().normalize();
        if (nested.equals(rootConfig) || !nested.startsWith(rootConfig.getParent())) {
            return null;
        }
        Set<Set<String>> mine = groups(rule(configs.loadFile(nested), file));
        Set<Set<String>> root = groups(rule(configs.loadFile(rootConfig), file));
        if (mine.equals(root)) {
            return null;
        }
        return new NestedConfig(file, nested, rootConfig, minus(mine, root), minus(root, mine));
    }

    /** One line: which config, and the recipients it adds and drops. */
    public String describe() {
        return config + " (not the repo's " + rootConfig + ") chooses the recipients of " + file
                + (added.isEmpty() ? "" : "; adds " + String.join(", ", added))
                + (removed.isEmpty() ? "" : "; drops " + String.join(", ", removed));
    }

    private static CreationRule rule(SopsConfig config, Path file) {
        try {
            return config.ruleFor(file);
        } catch (SopsException e) {
            return null; // no rule matches: no recipients
        }
    }

    private static Set<Set<String>> groups(CreationRule rule) {
        Set<Set<String>> out = new LinkedHashSet<>();
        if (rule == null) {
            return out;
        }
        for (Map<String, List<String>> group : rule.keyGroups()) {
            Set<String> keys = new LinkedHashSet<>();
            group.forEach((type, list) -> list.forEach(k -> keys.add(type + " " + k.strip())));
            out.add(keys);
        }
        return out;
    }

    private static List<String> minus(Set<Set<String>> a, Set<Set<String>> b) {
        Set<String> all = new LinkedHashSet<>();
        a.forEach(all::addAll);
        b.forEach(all::removeAll);
        return new ArrayList<>(all);
    }
}
