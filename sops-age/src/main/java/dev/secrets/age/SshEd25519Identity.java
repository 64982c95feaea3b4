package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/** An SSH Ed25519 private key used as an age identity (stanza type {@code ssh-ed25519}). */
public final class SshEd25519Identity implements AgeIdentity {
    private final SshPublicKey sshKey;
    private final byte[] secretScalar;

    /** @param seed the 32-byte Ed25519 seed; {@code publicKey} the 32-byte Ed25519 public key */
    SshEd25519Identity(byte[] seed, byte[] publicKey) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("invalid Ed25519 private key");
        }
        this.sshKey = SshPublicKey.ed25519(publicKey);
        try {
            this.secretScalar = Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(seed), 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String kind() {
        return SshPublicKey.ED25519;
    }

    @Override
    public String recipient() {
        return sshKey.authorized();
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        String tag = sshKey.tag();
        for (RecipientStanza s : stanzas) {
            if (!SshPublicKey.ED25519.equals(s.getType())) {
                continue;
            }
            List<String> args = s.getArguments();
            if (args.size() != 2) {
                throw new GeneralSecurityException("invalid ssh-ed25519 recipient block");
            }
            byte[] theirShare;
            try {
                theirShare = StanzaBase64.decode(args.get(1));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("failed to parse ssh-ed25519 recipient");
            }
            if (theirShare.length != 32) {
                throw new GeneralSecurityException("invalid ssh-ed25519 recipient block");
            }
            if (!args.get(0).equals(tag)) {
                continue;
            }
            byte[] ourPublic = X25519.publicKey(secretScalar);
            byte[] shared = X25519.scalarMult(secretScalar, theirShare);
            byte[] tweak = Hkdf.sha256(new byte[0], sshKey.wire(), SshEd25519StanzaWriter.LABEL);
            shared = X25519.scalarMult(tweak, shared);
            byte[] wrapKey = Hkdf.sha256(shared, SshEd25519StanzaWriter.concat(theirShare, ourPublic),
                    SshEd25519StanzaWriter.LABEL);
            try {
                return new FileKey(ZeroNonceAead.open(wrapKey, s.getBody()));
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException("failed to decrypt file key (ssh-ed25519)");
            }
        }
        throw new UnsupportedRecipientStanzaException("no ssh-ed25519 stanza for this key");
    }

    @Override
    public String toString() {
        return "SshEd25519Identity[" + sshKey.tag() + "]";
    }
}
