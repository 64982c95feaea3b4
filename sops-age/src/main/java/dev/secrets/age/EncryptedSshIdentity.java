package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A passphrase-protected SSH private key file used as an age identity, as sops does it
 * (age/ssh_parse.go parseSSHIdentityFromPrivateKeyFile, age's agessh.EncryptedSSHIdentity): the
 * public key is known without the passphrase (OpenSSH's format holds it unencrypted; for legacy PEM
 * it comes from {@code KEY.pub}), so the passphrase is asked only when a stanza is addressed to that
 * key, once per run: the decrypted key, or the failure, is kept.
 */
public final class EncryptedSshIdentity implements AgeIdentity {
    private final SshPublicKey publicKey;
    private final String keyText;
    private final String keyFile;
    private final String unusable;
    private final PassphrasePrompt prompt;
    private AgeIdentity decrypted;
    private EncryptedIdentityFile.PassphraseException failure;

    /**
     * @param keyFile the path as sops shows it in the prompt and errors
     * @param unusable why the key cannot be decrypted whatever the passphrase, or null
     */
    EncryptedSshIdentity(SshPublicKey publicKey, String keyText, String keyFile, String unusable, PassphrasePrompt prompt) {
        this.publicKey = publicKey;
        this.keyText = keyText;
        this.keyFile = keyFile;
        this.unusable = unusable;
        this.prompt = prompt;
    }

    @Override
    public String kind() {
        return publicKey.type();
    }

    /** Known without the passphrase. */
    @Override
    public String recipient() {
        return publicKey.authorized();
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        String tag = publicKey.tag();
        boolean addressed = false;
        for (RecipientStanza s : stanzas) {
            if (!publicKey.type().equals(s.getType())) {
                continue;
            }
            if (s.getArguments().isEmpty()) {
                throw new GeneralSecurityException("invalid " + publicKey.type() + " recipient block");
            }
            if (s.getArguments().get(0).equals(tag)) {
                addressed = true;
                break;
            }
        }
        if (!addressed) {
            throw new UnsupportedRecipientStanzaException("no " + publicKey.type() + " stanza for " + keyFile);
        }
        return open().getFileKey(stanzas);
    }

    private synchronized AgeIdentity open() throws EncryptedIdentityFile.PassphraseException {
        if (decrypted != null) {
            return decrypted;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            if (unusable != null) { // said before asking: no passphrase would help
                throw failed(unusable);
            }
            if (keyText.contains("OPENSSH PRIVATE KEY")) {
                BcryptPbkdf.prepareInBackground(); // while the user types
            }
            byte[] passphrase;
            try {
                passphrase = prompt.sshKeyPassphrase(keyFile);
            } catch (IllegalStateException e) {
                throw new EncryptedIdentityFile.PassphraseException("failed to obtain passphrase: " + e.getMessage());
            }
            AgeIdentity key;
            try {
                key = SshPrivateKeys.parse(keyText, passphrase);
            } catch (IllegalArgumentException e) {
                throw failed(e.getMessage());
            } finally {
                Arrays.fill(passphrase, (byte) 0);
            }
            if (!key.recipient().equals(publicKey.authorized())) {
                throw failed("mismatched private and public SSH key");
            }
            decrypted = key;
            return key;
        } catch (EncryptedIdentityFile.PassphraseException e) {
            failure = e;
            throw e;
        }
    }

    private EncryptedIdentityFile.PassphraseException failed(String reason) {
        return new EncryptedIdentityFile.PassphraseException("failed to decrypt SSH key file " + GoQuote.quote(keyFile)
                + ": " + reason);
    }

    @Override
    public String toString() {
        return "EncryptedSshIdentity[" + keyFile + "]";
    }
}
