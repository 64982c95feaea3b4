package dev.secrets.sops.keys;

/** Something a data key can be wrapped for: it produces the metadata entry that holds it. */
public interface Recipient {
    /** The metadata key type this recipient writes ({@code age}, ...). */
    String type();

    /** The recipient as written in the file and in {@code .sops.yaml}, used to compare key sets. */
    String id();

    /** Wraps the data key (or Shamir share) into a new metadata entry. */
    StoredKey wrap(byte[] dataKey);
}
