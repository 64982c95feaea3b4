package dev.secrets.sops;

import dev.secrets.sops.internal.DataKeys;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.util.Arrays;
import java.util.List;

/**
 * sops updatekeys for one file: the same data key re-wrapped for new key groups. Values, MAC and
 * lastmodified are the loaded ENC strings written back as they were; only the key entries change.
 * {@link #plan} reads the metadata and opens no key; {@link #apply} needs one identity.
 */
public final class KeyUpdate {
    private final Store store;
    private final Store.EncryptedDocuments loaded;
    private final Metadata metadata;
    private final List<List<Recipient>> groups;
    private final List<GroupDiff> diffs;

    private KeyUpdate(Store store, Store.EncryptedDocuments loaded, Metadata metadata, List<List<Recipient>> groups) {
        this.store = store;
        this.loaded = loaded;
        this.metadata = metadata;
        this.groups = groups;
        this.diffs = GroupDiff.of(metadata.keyGroups(), groups);
    }

    /**
     * Compares the file's key groups with the wanted ones.
     *
     * @throws NotSopsFile when the bytes hold no sops metadata
     */
    public static KeyUpdate plan(byte[] encrypted, Store store, List<List<Recipient>> groups) {
        Store.EncryptedDocuments loaded = store.loadEncrypted(encrypted);
        if (loaded.metadata() == null) {
            throw new NotSopsFile();
        }
        return new KeyUpdate(store, loaded, MetadataCodec.fromBranch(loaded.metadata()), groups);
    }

    /** Group by group: the keys kept, added and removed. */
    public List<GroupDiff> diffs() {
        return diffs;
    }

    /** Whether any key is added or removed. */
    public boolean changes() {
        return GroupDiff.changes(diffs);
    }

    /** The rewritten file (no MAC check, as sops: only the data key is needed). */
    public byte[] apply(List<Identity> identities) {
        return apply(identities, 0);
    }

    /**
     * As {@link #apply(List)}, with a Shamir threshold for the new groups (0: the file's, capped at
     * the number of groups), as sops groups add/delete's {@code --shamir-secret-sharing-threshold}.
     */
    public byte[] apply(List<Identity> identities, int shamirThreshold) {
        byte[] key = DataKeys.open(metadata, identities);
        try {
            int threshold = Threshold.forRewrap(metadata.shamirThreshold(), shamirThreshold, groups.size());
            List<KeyGroup> wrapped = DataKeys.wrap(key, groups, threshold);
            Metadata updated = metadata.withKeyGroups(wrapped, threshold).stamped();
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
