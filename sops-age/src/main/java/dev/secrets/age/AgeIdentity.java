package dev.secrets.age;

import com.exceptionfactory.jagged.RecipientStanzaReader;

/**
 * One age identity (a private key), as age's {@code age.Identity}: it reads the file key out of
 * the stanzas meant for it. {@link #getFileKey} throws
 * {@link com.exceptionfactory.jagged.UnsupportedRecipientStanzaException} when no stanza is for
 * this identity, and another {@link java.security.GeneralSecurityException} when a stanza is
 * addressed to it but cannot be opened (a corrupt file).
 */
public sealed interface AgeIdentity extends RecipientStanzaReader
        permits X25519Identity, HybridIdentity, SshEd25519Identity, SshRsaIdentity, EncryptedIdentityFile,
        EncryptedSshIdentity, PluginIdentity {
    /** The key type: {@code X25519}, {@code mlkem768x25519}, {@code ssh-ed25519}, {@code ssh-rsa} or {@code plugin NAME}. */
    String kind();

    /** The matching recipient: {@code age1…}, {@code age1pq1…}, the SSH public key without comment; empty for a plugin identity. */
    String recipient();
}
