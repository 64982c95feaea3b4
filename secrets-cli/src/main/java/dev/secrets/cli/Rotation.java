package dev.secrets.cli;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.keys.Identity;
import java.util.List;

/** sops rotate for one file: every value re-encrypted under a new data key wrapped for the rule's groups. */
final class Rotation {
    private Rotation() {
    }

    /** The rotated file, already proven to open with the new key and to hold the same plaintext. */
    static byte[] rotate(byte[] encrypted, RuleKeys.ForFile rule, List<Identity> identities) {
        if (rule.store().loadEncrypted(encrypted).metadata() == null) {
            throw new NotSopsFile();
        }
        try (DecryptedFile opened = Sops.decrypt(encrypted, rule.store(), identities, false)) {
            int threshold = rule.ruleThreshold() != 0 ? rule.ruleThreshold()
                    : Math.min(opened.metadata().shamirThreshold(), rule.groups().size());
            try (DecryptedFile next = opened.rotated(rule.groups(), threshold)) {
                byte[] out = next.encrypt(rule.store());
                next.verifyWritten(out, rule.store(), opened.documents());
                return out;
            }
        }
    }
}
