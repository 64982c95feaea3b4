package dev.secrets.sops;

import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Store;
import java.util.List;

/**
 * sops rotate for one file: every value re-encrypted under a new data key wrapped for the target
 * rule's key groups. The result is proven to open with the new key and to hold the same plaintext
 * before it is returned.
 */
public final class KeyRotation {
    private KeyRotation() {
    }

    /**
     * The rotated file.
     *
     * @param target the key groups (and threshold, 0 to keep the file's) the new data key is wrapped for
     * @throws NotSopsFile when the bytes hold no sops metadata
     */
    public static byte[] rotate(byte[] encrypted, Store store, EncryptionRule target, List<Identity> identities) {
        if (store.loadEncrypted(encrypted).metadata() == null) {
            throw new NotSopsFile();
        }
        try (DecryptedFile opened = Sops.decrypt(encrypted, store, identities, false)) {
            int threshold = Threshold.forRewrap(opened.metadata().shamirThreshold(), target.shamirThreshold(),
                    target.keyGroups().size());
            try (DecryptedFile next = opened.rotated(target.keyGroups(), threshold)) {
                byte[] out = next.encrypt(store);
                next.verifyWritten(out, store, opened.documents());
                return out;
            }
        }
    }
}
