package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.DataKeys;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.MetadataCodec;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.util.Arrays;
import java.util.List;

/**
 * sops updatekeys for one file: the same data key re-wrapped for the rule's groups. Values, MAC and
 * lastmodified are the loaded ENC strings written back as they were; only the key entries change.
 */
final class KeyUpdate {
    private final Store store;
    private final Store.EncryptedDocuments loaded;
    private final Metadata metadata;
    private final List<List<Recipient>> groups;
    final List<GroupDiff> diffs;

    private KeyUpdate(Store store, Store.EncryptedDocuments loaded, Metadata metadata, List<List<Recipient>> groups) {
        this.store = store;
        this.loaded = loaded;
        this.metadata = metadata;
        this.groups = groups;
        this.diffs = GroupDiff.of(metadata.keyGroups(), groups);
    }

    /** Reads the file's metadata and compares its keys with the rule's; opens no key. */
    static KeyUpdate plan(byte[] encrypted, RuleKeys.ForFile rule) {
        Store.EncryptedDocuments loaded = rule.store().loadEncrypted(encrypted);
        if (loaded.metadata() == null) {
            throw new NotSopsFile();
        }
        return new KeyUpdate(rule.store(), loaded, MetadataCodec.fromBranch(loaded.metadata()), rule.groups());
    }

    boolean changes() {
        return GroupDiff.changes(diffs);
    }

    /** The rewritten file (no MAC check, as sops: only the data key is needed). */
    byte[] apply(List<Identity> identities) {
        byte[] key = DataKeys.open(metadata, identities);
        try {
            // sops keeps the file's threshold, capped at the rule's number of groups.
            int threshold = Math.min(metadata.shamirThreshold(), groups.size());
            if (groups.size() > 1 && threshold == 0) {
                threshold = groups.size();
            }
            List<KeyGroup> wrapped = DataKeys.wrap(key, groups, threshold);
            Metadata updated = metadata.withKeyGroups(wrapped, threshold);
            byte[] out = store.emitEncrypted(loaded.documents().stream().map(Branch::deepCopy).toList(), MetadataCodec.toBranch(updated));
            check(out, key);
            return out;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The written bytes hold the same ciphertexts, MAC and time, and every value opens with the key. */
    private void check(byte[] out, byte[] key) {
        Store.EncryptedDocuments again = store.loadEncrypted(out);
        Metadata md = MetadataCodec.fromBranch(again.metadata());
        if (!again.documents().equals(loaded.documents()) || !md.mac().equals(metadata.mac())
                || !md.lastModified().equals(metadata.lastModified())) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "the rewritten file does not keep the values, MAC and time");
        }
        Sops.decryptWithKey(out, store, key, true).close();
    }
}
