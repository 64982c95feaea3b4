package dev.secrets.age;

import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.StoredKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * All age identities of a run, as sops' age MasterKey.Decrypt: an {@code age} entry's {@code enc}
 * is opened with every identity at once. Identities are loaded on first use (discovery runs
 * commands and reads files only then); when a key command is configured they are loaded per
 * recipient, since the command receives {@code SOPS_AGE_RECIPIENT}.
 */
public final class AgeIdentities implements Identity {
    private final Function<String, LoadedIdentities> loader;
    private final boolean perRecipient;
    private final Map<String, LoadedIdentities> loaded = new HashMap<>();
    private volatile String lastFailure;
    private volatile LoadedIdentities last;

    AgeIdentities(Function<String, LoadedIdentities> loader, boolean perRecipient) {
        this.loader = loader;
        this.perRecipient = perRecipient;
    }

    /** Fixed identities, described as coming from {@code source}. */
    public static AgeIdentities of(List<AgeIdentity> identities, String source) {
        LoadedIdentities fixed = new LoadedIdentities(identities, List.of(source), List.of(), List.of());
        return new AgeIdentities(r -> fixed, false);
    }

    /** The identities (loading them if needed) for entries of the given recipient. */
    public synchronized LoadedIdentities load(String recipient) {
        String key = perRecipient ? recipient : "";
        LoadedIdentities result = loaded.computeIfAbsent(key, loader);
        last = result;
        return result;
    }

    /**
     * What discovery found: the identities loaded for the last entry tried, or (when no age entry was
     * tried) a load without a recipient. Public keys and origins only are meant to be shown.
     */
    public synchronized LoadedIdentities loaded() {
        return last != null ? last : load("");
    }

    @Override
    public byte[] unwrap(StoredKey key) {
        if (!StoredKey.AGE.equals(key.type())) {
            return null;
        }
        LoadedIdentities ids = load(key.id());
        if (ids.identities().isEmpty()) {
            lastFailure = ids.failureMessage("failed to load age identities", null);
            return null;
        }
        try {
            return AgeArmoredFile.decrypt(key.enc(), new AnyIdentityReader(ids.identities()));
        } catch (UnsupportedRecipientStanzaException e) {
            lastFailure = ids.failureMessage("failed to create reader for decrypting sops data key with age",
                    AnyIdentityReader.NO_MATCH);
            return null;
        } catch (EncryptedIdentityFile.PassphraseException e) {
            // a wrong passphrase, or none to be had: as any key that cannot be obtained
            throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.getMessage(), e);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof PluginFailure) {
                    throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, t.getMessage(), e);
                }
            }
            throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY,
                    "failed to decrypt sops data key with age (corrupt or tampered age file): " + e.getMessage(), e);
        }
    }

    /**
     * The sources, or — once an entry could not be opened — sops' failure message with the errors
     * met while loading and the locations that held no key.
     */
    @Override
    public String describe() {
        if (lastFailure != null) {
            return lastFailure;
        }
        if (last == null) {
            return "age identities (not loaded yet)";
        }
        return last.sources().isEmpty() ? "no age identities" : "age identities from " + String.join(", ", last.sources());
    }
}
