package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateCrtKey;
import javax.crypto.Cipher;

/** An SSH RSA private key used as an age identity (stanza type {@code ssh-rsa}). */
public final class SshRsaIdentity implements AgeIdentity {
    private final RSAPrivateCrtKey privateKey;
    private final SshPublicKey sshKey;

    SshRsaIdentity(RSAPrivateCrtKey privateKey) {
        this.privateKey = privateKey;
        this.sshKey = SshPublicKey.rsa(privateKey.getPublicExponent(), privateKey.getModulus());
    }

    @Override
    public String kind() {
        return SshPublicKey.RSA;
    }

    @Override
    public String recipient() {
        return sshKey.authorized();
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        String tag = sshKey.tag();
        for (RecipientStanza s : stanzas) {
            if (!SshPublicKey.RSA.equals(s.getType())) {
                continue;
            }
            if (s.getArguments().size() != 1) {
                throw new GeneralSecurityException("invalid ssh-rsa recipient block");
            }
            if (!s.getArguments().get(0).equals(tag)) {
                continue;
            }
            try {
                return new FileKey(RsaOaep.cipher(Cipher.DECRYPT_MODE, privateKey).doFinal(s.getBody()));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new GeneralSecurityException("failed to decrypt file key (ssh-rsa)");
            }
        }
        throw new UnsupportedRecipientStanzaException("no ssh-rsa stanza for this key");
    }

    @Override
    public String toString() {
        return "SshRsaIdentity[" + sshKey.tag() + "]";
    }
}
