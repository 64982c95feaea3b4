package dev.secrets.sops;

import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.ConfigResolver;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.stores.Format;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a new encrypted file gets: its key groups (one group: every recipient wraps the whole data
 * key; several: Shamir shares), the threshold (0 = all groups), which values are encrypted, and
 * whether the MAC covers only encrypted values.
 */
public record EncryptionRule(List<List<Recipient>> keyGroups, int shamirThreshold, Selection selection,
                             boolean macOnlyEncrypted) {
    public EncryptionRule {
        keyGroups = keyGroups.stream().map(List::copyOf).toList();
        selection = selection == null ? Selection.DEFAULT : selection;
    }

    /** One group of recipients, default selection (suffix {@code _unencrypted}). */
    public static EncryptionRule of(List<? extends Recipient> recipients) {
        return new EncryptionRule(List.of(List.copyOf(recipients)), 0, Selection.DEFAULT, false);
    }

    /**
     * The rule {@code .sops.yaml} gives a file: the config found upward from the file's folder (then
     * from the working directory), first matching creation rule; {@code ageParser} turns recipient
     * strings into recipients (e.g. {@code AgeRecipient::parse}).
     */
    public static EncryptionRule forPath(Path file, Function<String, ? extends Recipient> ageParser) {
        Path config = new ConfigResolver(null, System.getenv("SOPS_CONFIG"), Path.of("")).find(file);
        if (config == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "no .sops.yaml found for " + file);
        }
        CreationRule rule = ConfigLoader.load(config).ruleFor(file);
        if (rule == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, config + " has no creation rules");
        }
        return from(rule, ageParser);
    }

    /**
     * Choices that replace a creation rule's, as sops' command-line flags do: recipients ({@code --age},
     * {@code SOPS_AGE_RECIPIENTS}) replace the rule's groups with one group; a selection
     * ({@code --encrypted-regex} ...) replaces the rule's unless the rule sets another kind (a
     * conflict); {@code macOnlyEncrypted} adds to the rule's; a threshold replaces the rule's.
     *
     * @param recipients empty to keep the rule's
     * @param selection null to keep the rule's
     * @param shamirThreshold null to keep the rule's
     */
    public record Overrides(List<? extends Recipient> recipients, Selection selection, boolean macOnlyEncrypted,
                            Integer shamirThreshold) {
        public static final Overrides NONE = new Overrides(List.of(), null, false, null);

        public Overrides {
            recipients = List.copyOf(recipients);
        }
    }

    /**
     * What a new file written as {@code format} gets from its creation rule (null when no config
     * matched) and the overrides. The binary store takes no selection (sops 3.11+).
     */
    public static EncryptionRule resolve(CreationRule rule, Overrides overrides, Format format,
                                         Function<String, ? extends Recipient> ageParser) {
        List<List<Recipient>> groups;
        if (!overrides.recipients().isEmpty()) {
            groups = List.of(List.copyOf(overrides.recipients()));
        } else if (rule == null || rule.keyGroups().isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "config file not found, or has no creation rules, "
                    + "and no keys provided through command line options");
        } else {
            groups = from(rule, ageParser).keyGroups();
        }
        Selection fromRule = rule == null ? null : rule.selection();
        Selection chosen = overrides.selection();
        if (chosen != null && fromRule != null && !fromRule.equals(chosen) && fromRule.kind() != chosen.kind()) {
            // sops merges flags and rule; two different options together are a conflict.
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "Error: " + Selection.conflictMessage());
        }
        if (chosen == null) {
            chosen = fromRule != null ? fromRule : Selection.DEFAULT;
        }
        boolean macOnly = overrides.macOnlyEncrypted() || (rule != null && rule.macOnlyEncrypted());
        int threshold = overrides.shamirThreshold() != null ? overrides.shamirThreshold()
                : rule != null ? rule.shamirThreshold() : 0;
        if (format == Format.BINARY) {
            chosen = Selection.NONE;
            macOnly = false;
        }
        return new EncryptionRule(groups, threshold, chosen, macOnly);
    }

    /** A creation rule's groups, threshold and options; only age keys can be used for encryption here. */
    public static EncryptionRule from(CreationRule rule, Function<String, ? extends Recipient> ageParser) {
        List<List<Recipient>> groups = new ArrayList<>();
        for (Map<String, List<String>> g : rule.keyGroups()) {
            List<Recipient> recipients = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : g.entrySet()) {
                if (!e.getKey().equals("age")) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "creation rule uses " + e.getKey()
                            + " keys; only age recipients can encrypt here");
                }
                for (String r : e.getValue()) {
                    recipients.add(ageParser.apply(r));
                }
            }
            groups.add(recipients);
        }
        if (groups.isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "the creation rule lists no keys");
        }
        return new EncryptionRule(groups, rule.shamirThreshold(), rule.selection(), rule.macOnlyEncrypted());
    }
}
