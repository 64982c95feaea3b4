package dev.secrets.sops.stores;

import dev.secrets.sops.tree.Branch;
import java.util.List;

/**
 * One file format (sops' stores package): turns bytes into documents and back, in the exact
 * layout sops writes. A store knows nothing of encryption: encrypted files hold ENC[...] strings
 * like any other string, and the metadata is handed over as a nested map, unflattened.
 *
 * <p>Errors are {@link dev.secrets.sops.SopsException}s with a one-line message that names the
 * problem (line number where there is one) but never a value.
 */
public interface Store {
    /**
     * The deepest nesting of maps and lists a file may have (go-yaml and Go's encoding/json stop at
     * 10000; we stop earlier because encryption, the MAC and the writers recurse per level and must
     * fit in a default 1 MB thread stack). Deeper input is refused as a SopsException.
     */
    int MAX_DEPTH = 1000;

    /** Parses a plaintext file into its documents (one, except multi-document YAML). */
    List<Branch> loadPlain(byte[] bytes);

    /**
     * Parses an encrypted file: the documents without their metadata, and the metadata as a nested
     * map (YAML/JSON: the {@code sops} key of the first document; dotenv: the {@code sops_} keys,
     * unflattened; INI: the {@code [sops]} section, unflattened). {@code metadata} is null when the
     * file has none.
     */
    EncryptedDocuments loadEncrypted(byte[] bytes);

    /** Writes plaintext documents. */
    byte[] emitPlain(List<Branch> documents);

    /** Writes encrypted documents with their metadata, laid out as sops 3.13 does. */
    byte[] emitEncrypted(List<Branch> documents, Branch metadata);

    /** Writes a single value for {@code --extract} (a string is written raw, with no newline). */
    byte[] emitValue(Object value);

    /** Whether a plaintext tree already holds what this store would read as sops metadata. */
    boolean hasMetadataKey(List<Branch> documents);

    /** The documents of an encrypted file and its metadata map (null when absent). */
    record EncryptedDocuments(List<Branch> documents, Branch metadata) {
    }
}
