package dev.secrets.cli;

import dev.secrets.age.AgeKeyDiscovery;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import java.util.ArrayList;
import java.util.List;

/** Where the CLI gets its keys: identities from the environment (sops' names), recipients from flags or rules. */
final class KeySources {
    private KeySources() {
    }

    /**
     * Every identity the environment offers (age keys files, SOPS_AGE_KEY, SSH keys ...), then gpg for
     * pgp entries. Key discovery is not free: bulk verbs call this once and share the list.
     */
    static List<Identity> identities() {
        return List.of(AgeKeyDiscovery.fromSystem().identities(), new GpgIdentity());
    }

    /**
     * The key groups for a new file: {@code --age}/SOPS_AGE_RECIPIENTS replace the rule's keys (one
     * group); otherwise the rule's groups. Neither: sops' error.
     */
    static List<List<Recipient>> groups(CreationRule rule, String ageFlag) {
        if (ageFlag != null && !ageFlag.isBlank()) {
            return List.of(new ArrayList<>(AgeRecipient.parseList(ageFlag)));
        }
        if (rule == null || rule.keyGroups().isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "config file not found, or has no creation rules, "
                    + "and no keys provided through command line options");
        }
        return groups(rule);
    }

    static List<List<Recipient>> groups(CreationRule rule) {
        return EncryptionRule.from(rule, AgeRecipient::parse).keyGroups();
    }
}
