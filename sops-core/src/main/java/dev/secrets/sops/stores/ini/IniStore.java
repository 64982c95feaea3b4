package dev.secrets.sops.stores.ini;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.Flattening;
import dev.secrets.sops.internal.GoBytes;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.json.GoJsonWriter;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * sops' INI store: sections are top-level maps; the metadata is a trailing {@code [sops]} section of
 * flattened keys whose newlines are written as {@code \n} (3.13.2; the raw {@code """} form of
 * 3.13.0/3.13.1 is read too).
 */
public final class IniStore implements Store {
    static final String SOPS_SECTION = "sops";

    @Override
    public List<Branch> loadPlain(byte[] bytes) {
        return List.of(IniParser.parse(bytes, ExitCodes.COULD_NOT_READ_INPUT_FILE));
    }

    @Override
    public EncryptedDocuments loadEncrypted(byte[] bytes) {
        Branch all = IniParser.parse(bytes, ExitCodes.ERROR_GENERIC);
        Branch data = new Branch();
        Branch section = null;
        for (Branch.Item item : all) {
            if (SOPS_SECTION.equals(item.key())) {
                if (section != null) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "Found duplicate sops entry");
                }
                section = (Branch) item.value();
            } else {
                data.items().add(item);
            }
        }
        if (section == null) {
            return new EncryptedDocuments(List.of(data), null);
        }
        List<Flattening.Pair> pairs = new ArrayList<>();
        for (Branch.Item item : section) {
            if (item.isComment()) {
                continue;
            }
            String value = item.value() instanceof RawString raw
                    ? new String(raw.bytes(), StandardCharsets.UTF_8) : (String) item.value();
            pairs.add(new Flattening.Pair((String) item.key(), value.replace("\\n", "\n")));
        }
        return new EncryptedDocuments(List.of(data), Flattening.unflatten(pairs));
    }

    @Override
    public byte[] emitPlain(List<Branch> documents) {
        return IniWriter.write(documents.get(0));
    }

    @Override
    public byte[] emitEncrypted(List<Branch> documents, Branch metadata) {
        Branch out = new Branch();
        for (Branch.Item item : documents.get(0)) {
            if (SOPS_SECTION.equals(item.key())) {
                throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                        "Found key \"sops\" in encrypted data, which is a reserved key used for SOPS metadata");
            }
            out.items().add(item);
        }
        Branch section = new Branch();
        for (Flattening.Pair pair : Flattening.flatten(metadata, "")) {
            section.add(pair.key(), pair.value().replace("\n", "\\n")); // 3.13.2 escaping
        }
        out.add(SOPS_SECTION, section);
        return emitPlain(List.of(out));
    }

    /** A string raw; a section map as a document; anything else as compact JSON (sops' json.Marshal). */
    @Override
    public byte[] emitValue(Object value) {
        if (value instanceof String || value instanceof RawString) {
            return GoBytes.bytes(GoBytes.fromValue(value));
        }
        if (value instanceof Branch b) {
            return emitPlain(List.of(b));
        }
        return GoJsonWriter.compact(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasMetadataKey(List<Branch> documents) {
        return documents.get(0).containsKey(SOPS_SECTION);
    }
}
