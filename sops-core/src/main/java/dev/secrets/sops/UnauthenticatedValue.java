package dev.secrets.sops;

import dev.secrets.sops.tree.TreePath;

/**
 * A value of an opened file that the MAC does not bind to its key. sops' MAC hashes values only, in
 * file order; a key is bound to its value only through the AAD of an <em>encrypted</em> value. So a
 * writer without the data key can rename the key of a plaintext value (changing the unauthenticated
 * selection metadata to match the new name), add plaintext values when {@code mac_only_encrypted} is
 * set, and add or duplicate empty values and nulls (they hash no bytes). Everything else (every
 * non-empty encrypted value, with its key path, and {@code lastmodified}) is authenticated.
 *
 * @param document the document's index (0 except in multi-document YAML)
 * @param path the value's keys and list indices
 * @param empty the value is "" or null: nothing of it is in the MAC
 * @param valueInMac a plaintext value whose bytes are in the MAC (its key is still not authenticated)
 */
public record UnauthenticatedValue(int document, TreePath path, boolean empty, boolean valueInMac) {
    /** The top-level key this value lies under. */
    public String topLevelKey() {
        Object first = path.components().isEmpty() ? "" : path.components().get(0);
        return first instanceof String s ? s : String.valueOf(first);
    }

    /** Why it is not authenticated, in a few words (no value). */
    public String reason() {
        if (empty) {
            return "empty (no bytes in the MAC)";
        }
        return valueInMac ? "stored in plaintext (its value is in the MAC, its name is not)"
                : "stored in plaintext under mac_only_encrypted (neither its name nor its value is in the MAC)";
    }
}
