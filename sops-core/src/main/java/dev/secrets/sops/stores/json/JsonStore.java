package dev.secrets.sops.stores.json;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** sops' JSON store: the metadata is the top-level {@code "sops"} object, written last. */
public final class JsonStore implements Store {
    static final String SOPS_KEY = "sops";

    private final GoJsonWriter writer;

    /** @param indent -1 (default) for a tab, N >= 0 for N spaces */
    public JsonStore(int indent) {
        this.writer = new GoJsonWriter(indent);
    }

    public JsonStore() {
        this(-1);
    }

    @Override
    public List<Branch> loadPlain(byte[] bytes) {
        return List.of(JsonTreeReader.read(bytes, ExitCodes.COULD_NOT_READ_INPUT_FILE));
    }

    @Override
    public EncryptedDocuments loadEncrypted(byte[] bytes) {
        Branch document = JsonTreeReader.read(bytes, ExitCodes.ERROR_GENERIC);
        return splitMetadata(document);
    }

    /** Takes the top-level "sops" map out of the document, as sops' ExtractMetadata does. */
    static EncryptedDocuments splitMetadata(Branch document) {
        Branch metadata = null;
        Branch data = new Branch();
        for (Branch.Item item : document) {
            if (SOPS_KEY.equals(item.key())) {
                if (metadata != null) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "Found duplicate sops entry");
                }
                if (!(item.value() instanceof Branch b)) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "Found sops entry that is not a mapping");
                }
                metadata = b;
            } else {
                data.items().add(item);
            }
        }
        return new EncryptedDocuments(List.of(data), metadata);
    }

    @Override
    public byte[] emitPlain(List<Branch> documents) {
        return (writer.write(documents.get(0)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] emitEncrypted(List<Branch> documents, Branch metadata) {
        return emitPlain(List.of(withMetadata(documents.get(0), metadata)));
    }

    /** The document with "sops" appended; a data key named "sops" is refused as sops does. */
    static Branch withMetadata(Branch document, Branch metadata) {
        Branch out = new Branch(new ArrayList<>(document.items()));
        if (out.containsKey(SOPS_KEY)) {
            throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                    "Found key \"sops\" in encrypted data, which is a reserved key used for SOPS metadata");
        }
        out.add(SOPS_KEY, metadata);
        return out;
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
        return writer.writeBytes(value); // scalars and lists: no final newline, as sops
    }

    @Override
    public boolean hasMetadataKey(List<Branch> documents) {
        return !documents.isEmpty() && documents.get(0).containsKey(SOPS_KEY);
    }
}
