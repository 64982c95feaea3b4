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
 * A {@code .sops.yaml} below the repo root's that gives a file another rule than the root's would:
 * other recipients, or other encryption settings (which values are encrypted, the MAC's scope, the
 * Shamir threshold). The nearest config wins (as in sops), so a config planted in a service folder (a
 * pull request can add one) would silently re-key that service for its author, or with
 * {@code encrypted_regex: '^$'} keep its new values in plaintext: verbs that choose recipients show it
 * and ask, {@code validate} and the commit guard report it.
 *
 * @param file the encrypted file
 * @param config the nested config that governs it
 * @param rootConfig the repo root's config
 * @param added recipients ({@code type key}) the nested rule has and the root's has not
 * @param removed recipients the root's rule has and the nested one has not
 * @param settings the other settings that differ, each as {@code name value (the root's: name value)}
 */
public record NestedConfig(Path file, Path config, Path rootConfig, List<String> added, List<String> removed,
                           List<String> settings) {

    /**
     * The nested config that changes the file's recipients, or null: when the root has no config, the
     * file's config is the root's (or lies outside the root, or was chosen by --config/SOPS_CONFIG),
     * or both rules name the same recipients (group order aside) with the same settings.
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
        CreationRule mineRule = rule(configs.loadFile(nested), file);
        CreationRule rootRule = rule(configs.loadFile(rootConfig), file);
        Set<Set<String>> mine = groups(mineRule);
        Set<Set<String>> root = groups(rootRule);
        List<String> settings = settings(mineRule, rootRule);
        if (mine.equals(root) && settings.isEmpty()) {
            return null;
        }
        return new NestedConfig(file, nested, rootConfig, minus(mine, root), minus(root, mine), settings);
    }

    /** One line: which config, and the recipients it adds and drops, and the settings it changes. */
    public String describe() {
        return config + " (not the repo's " + rootConfig + ") chooses the " + subject() + " of " + file + changes();
    }

    /** "recipients" when they differ, else "encryption settings". */
    public String subject() {
        return added.isEmpty() && removed.isEmpty() ? "encryption settings" : "recipients";
    }

    /** What differs, each part after "; ": recipients added and dropped, then other settings. */
    public String changes() {
        return (added.isEmpty() ? "" : "; adds " + String.join(", ", added))
                + (removed.isEmpty() ? "" : "; drops " + String.join(", ", removed))
                + (settings.isEmpty() ? "" : "; " + String.join("; ", settings));
    }

    private static List<String> settings(CreationRule mine, CreationRule root) {
        List<String> out = new ArrayList<>();
        if (mine == null || root == null) {
            return out; // a missing rule is a recipients difference (all added or all dropped)
        }
        if (!java.util.Objects.equals(mine.selection(), root.selection())) {
            out.add(selection(mine) + " (the root's: " + selection(root) + ")");
        }
        if (mine.macOnlyEncrypted() != root.macOnlyEncrypted()) {
            out.add("mac_only_encrypted " + mine.macOnlyEncrypted() + " (the root's: " + root.macOnlyEncrypted() + ")");
        }
        if (mine.shamirThreshold() != root.shamirThreshold()) {
            out.add("shamir_threshold " + mine.shamirThreshold() + " (the root's: " + root.shamirThreshold() + ")");
        }
        return out;
    }

    private static String selection(CreationRule rule) {
        dev.secrets.sops.metadata.Selection s = rule.selection();
        return s == null || s.kind() == dev.secrets.sops.metadata.Selection.Kind.NONE ? "no value selection (sops' default)"
                : s.kind().key + " '" + s.value() + "'";
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
