package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * One stanza reader for all identities, as age.Decrypt(identities...): the first identity that
 * opens a stanza gives the file key. No match throws {@link UnsupportedRecipientStanzaException};
 * a stanza addressed to an identity that does not open (corrupt) throws its error.
 */
final class AnyIdentityReader implements RecipientStanzaReader {
    static final String NO_MATCH = "no identity matched any of the recipients";

    private final List<RecipientStanzaReader> identities;

    /**
     * Identities in order, except that passphrase-protected ones come last: asked only when needed
     * (a protected SSH key only for a stanza addressed to it, which the same key given unprotected,
     * say by SOPS_AGE_SSH_PRIVATE_KEY_CMD, then opens first).
     */
    AnyIdentityReader(List<? extends RecipientStanzaReader> identities) {
        List<RecipientStanzaReader> ordered = new java.util.ArrayList<>(identities);
        ordered.sort(java.util.Comparator.comparing(i -> i instanceof EncryptedIdentityFile || i instanceof EncryptedSshIdentity));
        this.identities = ordered;
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        GeneralSecurityException failure = null;
        for (RecipientStanzaReader identity : identities) {
            try {
                return identity.getFileKey(stanzas);
            } catch (UnsupportedRecipientStanzaException e) {
                // not this identity
            } catch (GeneralSecurityException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        throw new UnsupportedRecipientStanzaException(NO_MATCH);
    }
}
