package dev.secrets.sops;

import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.Selection;
import java.util.List;

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
}
