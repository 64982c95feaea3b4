package dev.secrets.sops.keys;

import dev.secrets.sops.tree.Branch;

/**
 * One master key entry of the metadata, as stored: its type ({@code age}, {@code pgp}, {@code kms},
 * ...) and its fields in file order (age: {@code recipient}, {@code enc}; pgp: {@code fp},
 * {@code created_at}, {@code enc}). Key types this project cannot use are kept so they survive a
 * rewrite.
 */
public record StoredKey(String type, Branch fields) {
    public static final String AGE = "age";
    public static final String PGP = "pgp";

    /** The wrapped data key (an armored age file, a PGP message, ...). */
    public String enc() {
        Object v = fields.get("enc");
        return v == null ? "" : v.toString();
    }

    /** The string that identifies the key: an age recipient, a PGP fingerprint, a KMS ARN ... */
    public String id() {
        for (String field : new String[] {"recipient", "fp", "arn", "resource_id", "vault_address"}) {
            Object v = fields.get(field);
            if (v != null) {
                return v.toString();
            }
        }
        return "";
    }

    public static StoredKey age(String recipient, String enc) {
        return new StoredKey(AGE, new Branch().add("recipient", recipient).add("enc", enc));
    }
}
