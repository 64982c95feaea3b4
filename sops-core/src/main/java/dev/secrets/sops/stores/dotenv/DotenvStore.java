package dev.secrets.sops.stores.dotenv;

import dev.secrets.sops.internal.ErrorText;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.Flattening;
import dev.secrets.sops.internal.GoBytes;
import dev.secrets.sops.internal.GoTypes;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.ValueText;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** sops' dotenv store: flat KEY=VALUE lines; the metadata is flattened into {@code sops_} keys at the end. */
public final class DotenvStore implements Store {
    static final String SOPS_PREFIX = "sops_";

    @Override
    public List<Branch> loadPlain(byte[] bytes) {
        return List.of(DotenvParser.parse(bytes, ExitCodes.COULD_NOT_READ_INPUT_FILE));
    }

    @Override
    public EncryptedDocuments loadEncrypted(byte[] bytes) {
        Branch all = DotenvParser.parse(bytes, ExitCodes.ERROR_GENERIC);
        Branch data = new Branch();
        List<Flattening.Pair> pairs = new ArrayList<>();
        for (Branch.Item item : all) {
            if (item.key() instanceof String key && key.startsWith(SOPS_PREFIX)) {
                // the parser already turned \n into newlines, so no further unescaping (as sops)
                pairs.add(new Flattening.Pair(key.substring(SOPS_PREFIX.length()), text(item.value())));
            } else {
                data.items().add(item);
            }
        }
        Branch metadata = pairs.isEmpty() ? null : Flattening.unflatten(pairs);
        return new EncryptedDocuments(List.of(data), metadata);
    }

    private static String text(Object value) {
        return value instanceof RawString raw ? new String(raw.bytes(), StandardCharsets.UTF_8) : (String) value;
    }

    @Override
    public byte[] emitPlain(List<Branch> documents) {
        StringBuilder out = new StringBuilder();
        for (Branch.Item item : documents.get(0)) {
            writeItem(out, item);
        }
        return GoBytes.bytes(out.toString());
    }

    private static void writeItem(StringBuilder out, Branch.Item item) {
        if (ValueText.isComplex(item.value())) {
            throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                    "cannot use complex value in dotenv file; offending key " + ErrorText.escape(keyText(item.key())));
        }
        if (item.key() instanceof Comment comment) {
            out.append('#').append(GoBytes.fromValue(comment.text())).append('\n');
            return;
        }
        Object value = item.value();
        String text;
        if (value instanceof String || value instanceof RawString) {
            text = GoBytes.fromValue(value).replace("\n", "\\n");
        } else {
            text = GoBytes.fromValue(ValueText.valToString(value));
        }
        out.append(GoBytes.fromValue(item.key())).append('=').append(text).append('\n');
    }

    private static String keyText(Object key) {
        return key instanceof Comment c ? c.text() : (String) key;
    }

    @Override
    public byte[] emitEncrypted(List<Branch> documents, Branch metadata) {
        Branch out = new Branch();
        for (Branch.Item item : documents.get(0)) {
            if (item.key() instanceof String key && key.startsWith(SOPS_PREFIX)) {
                throw new SopsException(ExitCodes.ERROR_DUMPING_TREE, "Found key \"" + ErrorText.escape(key)
                        + "\" in encrypted data, which starts with the reserved key prefix \"sops_\" for SOPS metadata");
            }
            out.items().add(item);
        }
        for (Flattening.Pair pair : Flattening.flatten(metadata, SOPS_PREFIX)) {
            out.add(pair.key(), pair.value()); // newlines become \n when written, as every string
        }
        return emitPlain(List.of(out));
    }

    @Override
    public byte[] emitValue(Object value) {
        if (value instanceof String || value instanceof RawString) {
            return GoBytes.bytes(GoBytes.fromValue(value));
        }
        if (value instanceof Branch b) {
            return emitPlain(List.of(b));
        }
        throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                "the dotenv store only supports emitting strings, got " + GoTypes.of(value));
    }

    @Override
    public boolean hasMetadataKey(List<Branch> documents) {
        for (Branch.Item item : documents.get(0)) {
            if (item.key() instanceof String key && key.startsWith(SOPS_PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
