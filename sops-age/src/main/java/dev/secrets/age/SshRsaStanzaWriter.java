package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Cipher;

/** Writes the {@code ssh-rsa} stanza of age for an SSH RSA public key. */
final class SshRsaStanzaWriter implements RecipientStanzaWriter {
    private final SshPublicKey sshKey;

    SshRsaStanzaWriter(SshPublicKey sshKey) {
        if ((sshKey.rsaModulus().bitLength() + 7) / 8 < 2048 / 8) {
            throw new IllegalArgumentException("RSA key size is too small");
        }
        this.sshKey = sshKey;
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
        byte[] body = RsaOaep.cipher(Cipher.ENCRYPT_MODE, sshKey.rsaKey()).doFinal(fileKey.getEncoded());
        return List.of(new Stanza(SshPublicKey.RSA, List.of(sshKey.tag()), body));
    }
}
