package dev.secrets.cli;

import dev.secrets.age.AgeIdentities;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Store;
import java.nio.file.Path;

/**
 * Before {@code encrypt} removes a plaintext: one of the user's own keys must open what was written,
 * so that a config choosing someone else's recipients (planted, or a typo) does not turn the user's
 * only copy into a file only others can read. With no key of the user's at all (a CI job encrypting
 * for a team), it warns loudly instead.
 */
public final class OwnKeyCheck {
    private OwnKeyCheck() {
    }

    /** @throws SopsException (exit 128) when the user has age keys and none of them opens {@code encrypted} */
    public static void beforeRemoving(Context ctx, Path plain, Path encrypted, Store store) {
        beforeReplacing(ctx, plain, encrypted, AtomicFile.read(encrypted), store);
    }

    /** The same for bytes about to replace the plaintext {@code plain} ({@code encrypt -i}). */
    public static void beforeReplacing(Context ctx, Path plain, Path encrypted, byte[] bytes, Store store) {
        try (DecryptedFile opened = Sops.decrypt(bytes, store, ctx.identities(), false)) {
            ctx.log(encrypted + ": opens with your key");
            return;
        } catch (SopsException e) {
            if (e.exitCode() != ExitCodes.COULD_NOT_RETRIEVE_KEY) {
                throw e.withFile(encrypted);
            }
        }
        if (hasAgeKeys(ctx)) {
            throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, encrypted + (encrypted.equals(plain) ? "" : " was written, but")
                    + " none of your keys opens it (check the recipients of its .sops.yaml rule); " + plain + " is kept");
        }
        ctx.err().println("secrets: WARNING: no age key of yours was found, so nothing here can open " + encrypted
                + " again: only its recipients can. " + plain + " is removed as asked.");
    }

    private static boolean hasAgeKeys(Context ctx) {
        for (Identity id : ctx.identities()) {
            if (id instanceof AgeIdentities age) {
                try {
                    if (!age.load(null).identities().isEmpty()) {
                        return true;
                    }
                } catch (SopsException e) {
                    return true; // a key source that fails is still a key the user meant to use
                }
            }
        }
        return false;
    }
}
