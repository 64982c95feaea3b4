package dev.secrets.sops.keys;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.ArrayList;
import java.util.List;

/**
 * sops' {@code --decryption-order} ({@code SOPS_DECRYPTION_ORDER}): the key types tried first inside
 * each key group, e.g. {@code pgp,age}. It replaces the default order (age, pgp, the rest): types not
 * named come after the named ones in the file's order, as in sops' {@code sortKeyGroupIndices}. It
 * travels in the identities list, since it says how they are tried; it opens nothing.
 */
public final class DecryptionOrder implements Identity {
    private final List<String> types;

    private DecryptionOrder(List<String> types) {
        this.types = List.copyOf(types);
    }

    /** Parses a comma-separated list; a type named twice is sops' error 112. */
    public static DecryptionOrder parse(String commaSeparated) {
        List<String> types = new ArrayList<>();
        for (String t : commaSeparated.split(",")) {
            if (types.contains(t)) {
                throw new SopsException(ExitCodes.DUPLICATE_DECRYPTION_KEY_TYPE, "Duplicate decryption key type: " + t);
            }
            types.add(t);
        }
        return new DecryptionOrder(types);
    }

    public List<String> types() {
        return types;
    }

    /** The rank of a key type: its place in the list, or after every listed type. */
    public int rank(String type) {
        int i = types.indexOf(type);
        return i < 0 ? types.size() : i;
    }

    @Override
    public byte[] unwrap(StoredKey key) {
        return null;
    }

    @Override
    public String describe() {
        return "decryption order " + String.join(",", types);
    }
}
