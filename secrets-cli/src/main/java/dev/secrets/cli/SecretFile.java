package dev.secrets.cli;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.keys.Identity;
import java.nio.file.Path;
import java.util.List;

/** An encrypted file as the verbs use it: where it is, its store, and how to open it with the environment's keys. */
final class SecretFile {
    final Path path;
    final Format format;
    final Store store;

    private SecretFile(Path path, Format format, Store store) {
        this.path = path;
        this.format = format;
        this.store = store;
    }

    static SecretFile of(Path path, FileOptions options) {
        Format format = options.inputFormat(path);
        return new SecretFile(path, format, options.storeFor(format, path));
    }

    /** Decrypts with the environment's identities; errors name the file. */
    DecryptedFile open(boolean ignoreMac) {
        byte[] bytes = FileOptions.read(path);
        Verbose.log(path + ": " + bytes.length + " bytes read as " + format.name().toLowerCase(java.util.Locale.ROOT));
        List<Identity> identities = KeySources.identities();
        try {
            DecryptedFile opened = Sops.decrypt(bytes, store, identities, ignoreMac);
            if (Verbose.enabled()) {
                Verbose.log(path + ": key sources: " + identities.get(0).describe()
                        + (ignoreMac ? "; MAC not checked (--ignore-mac)" : "; MAC verified"));
            }
            return opened;
        } catch (SopsException e) {
            throw Errors.withFile(path, e);
        }
    }

    /** Writes new encrypted bytes over the file atomically, after checking they open again with the data key. */
    void replace(DecryptedFile opened, byte[] encrypted, java.util.List<dev.secrets.sops.tree.Branch> expected) {
        opened.verifyWritten(encrypted, store, expected);
        AtomicFile.write(path, encrypted, false);
    }
}
