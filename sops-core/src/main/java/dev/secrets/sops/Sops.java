package dev.secrets.sops;

import dev.secrets.sops.aes.TreeCipher;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.internal.DataKeys;
import dev.secrets.sops.internal.LastModified;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Encrypting and decrypting whole SOPS files (sops' common.DecryptTree / encrypt). */
public final class Sops {
    private Sops() {
    }

    /** Opens an encrypted file, its format inferred from the name ({@code X.enc} as the format of X). */
    public static DecryptedFile open(Path file, List<Identity> identities) throws IOException {
        return decrypt(Files.readAllBytes(file), Stores.of(Format.ofPath(file.toString())), identities, false);
    }

    /** Decrypts the bytes of a file of the given format, verifying the MAC. */
    public static DecryptedFile decrypt(byte[] encrypted, Format format, List<Identity> identities) {
        return decrypt(encrypted, Stores.of(format), identities, false);
    }

    /** Encrypts a plaintext file of the given format with a new data key. */
    public static byte[] encrypt(byte[] plaintext, Format format, EncryptionRule rule) {
        Store store = Stores.of(format);
        return encrypt(store.loadPlain(plaintext), store, rule);
    }

    /** Opens an encrypted file: loads it, recovers the data key, decrypts every value and verifies the MAC. */
    public static DecryptedFile decrypt(byte[] encrypted, Store store, List<Identity> identities, boolean ignoreMac) {
        Store.EncryptedDocuments loaded = store.loadEncrypted(encrypted);
        if (loaded.metadata() == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata not found");
        }
        Metadata md = MetadataCodec.fromBranch(loaded.metadata());
        VersionCheck.requireSemver(md.version());
        byte[] key = DataKeys.open(md, identities);
        return decryptWithKey(loaded.documents(), md, key, ignoreMac);
    }

    /**
     * A file's metadata (key groups, selection, MAC, version) read without any key; null when the
     * bytes hold no sops metadata.
     */
    public static Metadata metadata(byte[] encrypted, Store store) {
        Branch md = store.loadEncrypted(encrypted).metadata();
        return md == null ? null : MetadataCodec.fromBranch(md);
    }

    /** Opens an encrypted file whose data key is already known (tests, key services). */
    public static DecryptedFile decryptWithKey(byte[] encrypted, Store store, byte[] dataKey, boolean ignoreMac) {
        Store.EncryptedDocuments loaded = store.loadEncrypted(encrypted);
        if (loaded.metadata() == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata not found");
        }
        Metadata md = MetadataCodec.fromBranch(loaded.metadata());
        return decryptWithKey(loaded.documents(), md, dataKey.clone(), ignoreMac);
    }

    private static DecryptedFile decryptWithKey(List<Branch> documents, Metadata md, byte[] key, boolean ignoreMac) {
        ValueCipher cipher = new ValueCipher();
        TreeCipher tree = new TreeCipher(cipher, key, md.selection(), md.macOnlyEncrypted());
        String computed;
        try {
            computed = tree.decrypt(documents);
        } catch (SopsException e) {
            Arrays.fill(key, (byte) 0);
            throw e;
        }
        if (!ignoreMac) {
            verifyMac(cipher, key, md, computed, tree.regressionMac());
        }
        return new DecryptedFile(documents, md, key, cipher, tree.unauthenticated());
    }

    private static void verifyMac(ValueCipher cipher, byte[] key, Metadata md, String computed, String regression) {
        if (md.mac().isEmpty()) {
            Arrays.fill(key, (byte) 0);
            throw new SopsException(ExitCodes.MAC_MISMATCH, "MAC mismatch: File has no MAC");
        }
        String stored;
        try {
            stored = TreeCipher.decryptMac(cipher, key, md.mac(), LastModified.canonical(md.lastModified()));
        } catch (SopsException e) {
            Arrays.fill(key, (byte) 0);
            throw new SopsException(ExitCodes.MAC_MISMATCH, "Cannot decrypt MAC: the MAC or lastmodified was altered");
        }
        boolean ok = stored.equals(computed)
                // sops 3.13.2 hashed decrypted list comments (#2243): accept what that release wrote.
                || ("3.13.2".equals(md.version()) && stored.equals(regression));
        if (!ok) {
            Arrays.fill(key, (byte) 0);
            // No MAC digits in the message: they are hashes of the plaintext.
            throw new SopsException(ExitCodes.MAC_MISMATCH, "MAC mismatch: the file was modified or corrupted");
        }
    }

    /**
     * Encrypts plaintext documents with a new data key. The documents are encrypted in place.
     *
     * @param store the output store (its layout and "already encrypted" rule apply)
     */
    public static byte[] encrypt(List<Branch> documents, Store store, EncryptionRule rule) {
        try (DecryptedFile file = newFile(documents, store, rule)) {
            return Sops.encryptWith(store, documents, file.metadata(), file.dataKey(), new ValueCipher());
        }
    }

    /**
     * A new file in memory: a fresh data key wrapped for the rule's recipients, and the given
     * plaintext documents. {@link DecryptedFile#encrypt(Store)} writes it.
     */
    public static DecryptedFile newFile(List<Branch> documents, Store store, EncryptionRule rule) {
        if (documents.isEmpty()) {
            throw new SopsException(ExitCodes.NEED_AT_LEAST_ONE_DOCUMENT,
                    "File cannot be completely empty, it must contain at least one document");
        }
        if (store.hasMetadataKey(documents)) {
            throw new SopsException(ExitCodes.FILE_ALREADY_ENCRYPTED,
                    "File already encrypted: it already holds sops metadata");
        }
        byte[] key = DataKeys.generate();
        int groups = rule.keyGroups().size();
        int threshold = Threshold.forGroups(groups, rule.shamirThreshold());
        List<KeyGroup> wrapped;
        try {
            wrapped = DataKeys.wrap(key, rule.keyGroups(), threshold);
        } catch (RuntimeException e) {
            Arrays.fill(key, (byte) 0);
            throw e;
        }
        Metadata md = new Metadata(wrapped, threshold, "", "", rule.selection(), rule.macOnlyEncrypted(),
                Metadata.SOPS_VERSION);
        return new DecryptedFile(documents, md, key, new ValueCipher());
    }

    static byte[] encryptWith(Store store, List<Branch> documents, Metadata md, byte[] key, ValueCipher cipher) {
        Selection selection = md.selection();
        String mac = new TreeCipher(cipher, key, selection, md.macOnlyEncrypted()).encrypt(documents);
        String lastModified = LastModified.now();
        String encryptedMac;
        try {
            encryptedMac = TreeCipher.encryptMac(cipher, key, mac, lastModified);
        } catch (SopsException e) {
            throw new SopsException(ExitCodes.ERROR_ENCRYPTING_MAC, "Could not encrypt MAC");
        }
        Metadata done = md.withMac(lastModified, encryptedMac).stamped();
        return store.emitEncrypted(documents, MetadataCodec.toBranch(done));
    }
}
