package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

/** Writes the {@code ssh-ed25519} stanza of age for an SSH Ed25519 public key. */
final class SshEd25519StanzaWriter implements RecipientStanzaWriter {
    static final String LABEL = "age-encryption.org/v1/ssh-ed25519";

    private final SshPublicKey sshKey;
    private final byte[] theirMontgomery;

    SshEd25519StanzaWriter(SshPublicKey sshKey) {
        this.sshKey = sshKey;
        this.theirMontgomery = X25519.montgomeryFromEd25519(sshKey.ed25519Key());
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
        byte[] ephemeral = new byte[32];
        new SecureRandom().nextBytes(ephemeral);
        byte[] ourPublic = X25519.publicKey(ephemeral);
        byte[] shared = X25519.scalarMult(ephemeral, theirMontgomery);
        byte[] tweak = Hkdf.sha256(new byte[0], sshKey.wire(), LABEL);
        shared = X25519.scalarMult(tweak, shared);
        byte[] wrapKey = Hkdf.sha256(shared, concat(ourPublic, theirMontgomery), LABEL);
        byte[] body = ZeroNonceAead.seal(wrapKey, fileKey.getEncoded());
        return List.of(new Stanza(SshPublicKey.ED25519, List.of(sshKey.tag(), StanzaBase64.encode(ourPublic)), body));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
