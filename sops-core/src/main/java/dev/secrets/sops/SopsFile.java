package dev.secrets.sops;

import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Path;
import java.util.List;

/**
 * An encrypted file on disk opened in memory, to change and {@link #save}: saving keeps the data key
 * and every unchanged value's ciphertext (a one-value change is a one-line diff), checks that the new
 * bytes open again with the data key and hold the documents, replaces the file atomically, and reads
 * it back. Errors name the file. {@link #close()} wipes the data key.
 *
 * <pre>{@code
 * try (SopsFile f = SopsFile.open(path, Stores.of(Format.ofPath(path.toString())), identities, false)) {
 *     TreePath.key("DB_PASSWORD").set(f.documents().get(0), "new value");
 *     f.save();
 * }
 * }</pre>
 */
public final class SopsFile implements AutoCloseable {
    private final Path path;
    private final Store store;
    private final DecryptedFile file;

    private SopsFile(Path path, Store store, DecryptedFile file) {
        this.path = path;
        this.store = store;
        this.file = file;
    }

    /** Reads and decrypts the file, verifying its MAC unless {@code ignoreMac}. */
    public static SopsFile open(Path path, Store store, List<Identity> identities, boolean ignoreMac) {
        return open(path, AtomicFile.read(path), store, identities, ignoreMac);
    }

    /** Decrypts the bytes just read from {@code path}, verifying the MAC unless {@code ignoreMac}. */
    public static SopsFile open(Path path, byte[] bytes, Store store, List<Identity> identities, boolean ignoreMac) {
        try {
            return new SopsFile(path, store, Sops.decrypt(bytes, store, identities, ignoreMac));
        } catch (SopsException e) {
            throw e.withFile(path);
        }
    }

    /** A file not yet on disk: a fresh data key wrapped for the rule's recipients; {@link #save} writes it. */
    public static SopsFile create(Path path, Store store, List<Branch> documents, EncryptionRule rule) {
        try {
            return new SopsFile(path, store, Sops.newFile(documents, store, rule));
        } catch (SopsException e) {
            throw e.withFile(path);
        }
    }

    public Path path() {
        return path;
    }

    public Store store() {
        return store;
    }

    /** The plaintext documents; change them in place, then {@link #save()}. */
    public List<Branch> documents() {
        return file.documents();
    }

    /** The decrypted file: metadata, plaintext in another store's format. */
    public DecryptedFile decrypted() {
        return file;
    }

    /** Writes the current documents. */
    public void save() {
        save(file.documents());
    }

    /** Writes other documents (an edited plaintext) with this file's data key and recipients. */
    public void save(List<Branch> documents) {
        try {
            byte[] encrypted = file.encrypt(store, documents);
            file.verifyWritten(encrypted, store, documents);
            AtomicFile.write(path, encrypted, false);
            file.verifyWritten(AtomicFile.read(path), store, documents);
        } catch (SopsException e) {
            throw e.withFile(path);
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
