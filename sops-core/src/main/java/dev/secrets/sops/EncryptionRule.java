package dev.secrets.sops;

import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.Selection;
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
        Path config = ConfigLoader.find(null, System.getenv("SOPS_CONFIG"), file, Path.of(""));
        if (config == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "no .sops.yaml found for " + file);
        }
        CreationRule rule = ConfigLoader.load(config).ruleFor(file);
        if (rule == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, config + " has no creation rules");
        }
        return from(rule, ageParser);
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
