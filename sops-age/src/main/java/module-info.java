/**
 * age master keys for SOPS files: X25519, SSH (ed25519, RSA) and plugin recipients and identities, age key
 * files and sops' key discovery ({@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE},
 * {@code SOPS_AGE_KEY_CMD}, {@code ~/.config/sops/age/keys.txt}, SSH keys), and key generation in
 * age-keygen's format. The age file format itself comes from jagged.
 */
module dev.secrets.age {
    requires transitive dev.secrets.sops;
    requires com.exceptionfactory.jagged;
    requires com.exceptionfactory.jagged.framework;
    requires com.exceptionfactory.jagged.x25519;
    requires com.exceptionfactory.jagged.bech32;
    requires org.bouncycastle.provider; // ML-KEM-768 for post-quantum hybrid keys (loaded only when one is used)

    exports dev.secrets.age;
}
