package dev.secrets.sops;

import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.internal.DataKeys;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A SOPS file opened in memory: its plaintext documents, its metadata and its data key. Writing it
 * back keeps the data key and the ciphertext of every unchanged value (the value cipher's stash),
 * so an edit of one value changes one line. {@link #close()} wipes the data key.
 */
public final class DecryptedFile implements AutoCloseable {
    private final List<Branch> documents;
    private final Metadata metadata;
    private final byte[] dataKey;
    private final ValueCipher cipher;
    private final List<UnauthenticatedValue> unauthenticated;

    DecryptedFile(List<Branch> documents, Metadata metadata, byte[] dataKey, ValueCipher cipher) {
        this(documents, metadata, dataKey, cipher, List.of());
    }

    DecryptedFile(List<Branch> documents, Metadata metadata, byte[] dataKey, ValueCipher cipher,
                  List<UnauthenticatedValue> unauthenticated) {
        this.documents = documents;
        this.metadata = metadata;
        this.dataKey = dataKey;
        this.cipher = cipher;
        this.unauthenticated = List.copyOf(unauthenticated);
    }

    /**
     * The values of the file as it was opened that its MAC does not authenticate together with their
     * key (plaintext, empty and null values), in file order; empty for a file made in memory. A
     * program that hands values to others (environment variables) should not trust these names.
     */
    public List<UnauthenticatedValue> unauthenticated() {
        return unauthenticated;
    }

    /** The plaintext documents (one, except multi-document YAML). Changes are written by {@link #encrypt}. */
    public List<Branch> documents() {
        return documents;
    }

    public Metadata metadata() {
        return metadata;
    }

    /**
     * The first document as plain Java values: maps (LinkedHashMap, in file order), lists, String,
     * Long, Double, Boolean, OffsetDateTime, null; comments left out.
     */
    public Map<String, Object> toMap() {
        return PlainValues.toMap(documents.get(0));
    }

    /** The plaintext in a store's format. */
    public byte[] plaintext(Store store) {
        return store.emitPlain(documents);
    }

    /**
     * Encrypts the current documents again with the same data key and keys: unchanged values keep
     * their ciphertext; {@code lastmodified} and the MAC are renewed.
     */
    public byte[] encrypt(Store store) {
        return encrypt(store, documents, metadata, dataKey);
    }

    /** Encrypts other documents with this file's data key and keys (the stash still applies). */
    public byte[] encrypt(Store store, List<Branch> newDocuments) {
        return encrypt(store, newDocuments, metadata, dataKey);
    }

    /**
     * A new data key wrapped for the given groups, every value encrypted again (sops rotate). The
     * IVs of unchanged values are reused as sops does; with a new key the ciphertext changes anyway.
     */
    public byte[] rotate(Store store, List<List<Recipient>> keyGroups, int shamirThreshold) {
        try (DecryptedFile next = rotated(keyGroups, shamirThreshold)) {
            return next.encrypt(store);
        }
    }

    /**
     * The same documents under a new data key wrapped for the given groups, as a file of its own, so
     * the caller can {@link #verifyWritten} what it writes with the new key. Close it to wipe that key.
     */
    public DecryptedFile rotated(List<List<Recipient>> keyGroups, int shamirThreshold) {
        byte[] newKey = DataKeys.generate();
        try {
            int threshold = Threshold.forGroups(keyGroups.size(), shamirThreshold);
            List<KeyGroup> groups = DataKeys.wrap(newKey, keyGroups, threshold);
            return new DecryptedFile(documents, metadata.withKeyGroups(groups, threshold), newKey, cipher);
        } catch (RuntimeException e) {
            Arrays.fill(newKey, (byte) 0);
            throw e;
        }
    }

    private byte[] encrypt(Store store, List<Branch> docs, Metadata md, byte[] key) {
        List<Branch> copy = new ArrayList<>(docs.size());
        for (Branch b : docs) {
            copy.add(b.deepCopy());
        }
        return Sops.encryptWith(store, copy, md, key, cipher);
    }

    /** The same file (metadata, data key, value cipher) holding other documents; closing either wipes the key. */
    DecryptedFile withDocuments(List<Branch> newDocuments) {
        return new DecryptedFile(newDocuments, metadata, dataKey, cipher);
    }

    /** The data key, for re-opening what was just written ({@link #verifyWritten}). Not a copy. */
    byte[] dataKey() {
        return dataKey;
    }

    /**
     * Checks that bytes this file wrote open again with its data key, the MAC verifies and the
     * plaintext equals this file's documents: the proof needed before a plaintext original is deleted.
     */
    public void verifyWritten(byte[] written, Store store, List<Branch> expected) {
        try (DecryptedFile again = Sops.decryptWithKey(written, store, dataKey, false)) {
            byte[] plain = store.emitPlain(expected);
            try {
                if (!again.documents().equals(store.loadPlain(plain))) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "the encrypted file does not read back as the plaintext");
                }
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    @Override
    public void close() {
        Arrays.fill(dataKey, (byte) 0);
        cipher.forget();
    }

}
