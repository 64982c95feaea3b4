package dev.secrets.sops.keys;

/** Something that can open wrapped data keys of some types. */
public interface Identity {
    /**
     * Unwraps the data key (or Shamir share) held by the entry, or returns null when this identity
     * does not open it (wrong type, or not one of its recipients). The array is the caller's: it is
     * wiped once used (a Shamir share as soon as the key is combined).
     *
     * @throws dev.secrets.sops.SopsException when the entry is for this identity but corrupt
     */
    byte[] unwrap(StoredKey key);

    /** A short description for error messages, e.g. "age identities from SOPS_AGE_KEY_FILE". */
    String describe();
}
