package dev.secrets.sops.stores.json;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.GoBytes;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * sops' binary store: a plaintext is any file, held as the single string {@code data} (bytes kept
 * exactly); the encrypted form is a JSON file.
 */
public final class BinaryStore implements Store {
    static final String DATA_KEY = "data";

    private final JsonStore json;

    public BinaryStore(int indent) {
        this.json = new JsonStore(indent);
    }

    public BinaryStore() {
        this(-1);
    }

    @Override
    public List<Branch> loadPlain(byte[] bytes) {
        return List.of(new Branch().add(DATA_KEY, GoBytes.toValue(GoBytes.byteString(bytes))));
    }

    @Override
    public EncryptedDocuments loadEncrypted(byte[] bytes) {
        return json.loadEncrypted(bytes);
    }

    @Override
    public byte[] emitPlain(List<Branch> documents) {
        if (documents.size() != 1) {
            throw error("there must be exactly one tree branch");
        }
        for (Branch.Item item : documents.get(0)) {
            if (DATA_KEY.equals(item.key())) {
                if (item.value() instanceof String s) {
                    return s.getBytes(StandardCharsets.UTF_8);
                }
                if (item.value() instanceof RawString raw) {
                    return raw.bytes().clone();
                }
                throw error("'data' key in tree does not have a string value");
            }
        }
        throw error("no binary data found in tree");
    }

    private static SopsException error(String why) {
        return new SopsException(ExitCodes.ERROR_DUMPING_TREE, "error emitting binary store: " + why);
    }

    @Override
    public byte[] emitEncrypted(List<Branch> documents, Branch metadata) {
        return json.emitEncrypted(documents, metadata);
    }

    @Override
    public byte[] emitValue(Object value) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof RawString raw) {
            return raw.bytes().clone();
        }
        if (value instanceof Branch b) {
            return emitPlain(List.of(b));
        }
        throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                "Binary files are not structured and extracting a single value is not possible");
    }

    /** Never: a binary plaintext is opaque, so it is never "already encrypted" (as sops). */
    @Override
    public boolean hasMetadataKey(List<Branch> documents) {
        return false;
    }
}
