package dev.secrets.sops.stores.yaml;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * sops' YAML store (stores/yaml/store.go with go-yaml v3): multi-document streams, comments kept as
 * tree items, scalars typed by go-yaml's resolver, output byte-identical to sops 3.13's.
 */
public final class YamlStore implements Store {
    /** The key holding the metadata in every document. */
    public static final String METADATA_KEY = "sops";

    private final int indent;

    /** indent: sops' stores.yaml.indent / --indent; 0 means the default 4, go-yaml clamps others to 2..9. */
    public YamlStore(int indent) {
        if (indent < 0) {
            // sops' message; the CLI passes --indent and stores.yaml.indent here unchecked
            throw new SopsException(ExitCodes.ERROR_DUMPING_TREE, "YAML Negative indentation not accepted");
        }
        this.indent = indent;
    }

    public YamlStore() {
        this(0);
    }

    @Override
    public List<Branch> loadPlain(byte[] bytes) {
        return new YamlDocumentReader(ExitCodes.COULD_NOT_READ_INPUT_FILE).read(bytes);
    }

    @Override
    public EncryptedDocuments loadEncrypted(byte[] bytes) {
        List<Branch> docs = new YamlDocumentReader(ExitCodes.ERROR_GENERIC).read(bytes);
        Branch metadata = null;
        if (!docs.isEmpty() && docs.get(0).containsKey(METADATA_KEY)) {
            Object value = docs.get(0).get(METADATA_KEY);
            if (!(value instanceof Branch b)) {
                throw new SopsException(ExitCodes.ERROR_GENERIC,
                        "Found sops entry that is not a mapping");
            }
            metadata = b;
        }
        for (Branch doc : docs) {
            doc.remove(METADATA_KEY);
        }
        return new EncryptedDocuments(docs, metadata);
    }

    @Override
    public byte[] emitPlain(List<Branch> documents) {
        YamlEmitter emitter = new YamlEmitter(indent);
        emitter.documents(documents);
        return emitter.text().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] emitEncrypted(List<Branch> documents, Branch metadata) {
        List<Branch> withMetadata = new ArrayList<>(documents.size());
        for (Branch doc : documents) {
            Branch copy = new Branch(doc.items());
            if (metadata != null) {
                copy.add(METADATA_KEY, metadata);
            }
            withMetadata.add(copy);
        }
        return emitPlain(withMetadata);
    }

    @Override
    public byte[] emitValue(Object value) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof RawString r) {
            return r.bytes().clone();
        }
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof Branch b) {
            return emitPlain(List.of(b));
        }
        // sops uses yaml.Marshal here, whose indentation is always go-yaml's default 4
        YamlEmitter emitter = new YamlEmitter(4);
        emitter.rootValue(value);
        return emitter.text().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasMetadataKey(List<Branch> documents) {
        return !documents.isEmpty() && documents.get(0).containsKey(METADATA_KEY);
    }
}
