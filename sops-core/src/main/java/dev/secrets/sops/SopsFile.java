package dev.secrets.sops;

import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.FileLock;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.merge.Conflict;
import dev.secrets.sops.merge.MergeResult;
import dev.secrets.sops.merge.TreeMerge;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An encrypted file on disk opened in memory, to change and {@link #save}: saving keeps the data key
 * and every unchanged value's ciphertext (a one-value change is a one-line diff), checks that the new
 * bytes open again with the data key and hold the documents, replaces the file atomically, and reads
 * it back. Errors name the file. {@link #close()} wipes the data key.
 *
 * <p>No lost update: a save holds the file's {@link FileLock} while it compares the file with the
 * bytes it was opened from. When another writer changed it meanwhile, the two changes are merged key
 * by key ({@link TreeMerge}) and written under the newer file's data key and recipients (so a
 * rotation or a removed recipient is never undone); when they cannot be merged, nothing is written
 * ({@link ConcurrentChangeException}).
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
    private final List<Identity> identities;
    private DecryptedFile file;
    /** What the file held when opened (or last saved): the base of a merge with another writer's change. */
    private byte[] basis;

    private SopsFile(Path path, Store store, List<Identity> identities, DecryptedFile file, byte[] basis) {
        this.path = path;
        this.store = store;
        this.identities = identities;
        this.file = file;
        this.basis = basis;
    }

    /** Reads and decrypts the file, verifying its MAC unless {@code ignoreMac}. */
    public static SopsFile open(Path path, Store store, List<Identity> identities, boolean ignoreMac) {
        return open(path, AtomicFile.read(path), store, identities, ignoreMac);
    }

    /** Decrypts the bytes just read from {@code path}, verifying the MAC unless {@code ignoreMac}. */
    public static SopsFile open(Path path, byte[] bytes, Store store, List<Identity> identities, boolean ignoreMac) {
        try {
            return new SopsFile(path, store, identities, Sops.decrypt(bytes, store, identities, ignoreMac), bytes);
        } catch (SopsException e) {
            throw e.withFile(path);
        }
    }

    /**
     * A file not yet on disk: a fresh data key wrapped for the rule's recipients; {@link #save} writes
     * it (and refuses if someone created the file meanwhile).
     */
    public static SopsFile create(Path path, Store store, List<Branch> documents, EncryptionRule rule) {
        try {
            return new SopsFile(path, store, List.of(), Sops.newFile(documents, store, rule), null);
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

    /**
     * The bytes {@link #save()} would write when nobody else changed the file (same data key,
     * unchanged values keep their ciphertext), checked to open again as the documents; nothing is
     * written. For a caller that holds the file's {@link FileLock} itself and replaces several files
     * as one unit.
     */
    public byte[] encrypted() {
        try {
            byte[] encrypted = file.encrypt(store, file.documents());
            file.verifyWritten(encrypted, store, file.documents());
            return encrypted;
        } catch (SopsException e) {
            throw e.withFile(path);
        }
    }

    /** Writes the current documents. */
    public void save() {
        save(file.documents());
    }

    /**
     * Writes other documents (an edited plaintext) with this file's data key and recipients, or,
     * when another writer changed the file since it was opened, merged with that change under the
     * newer file's key.
     *
     * @throws ConcurrentChangeException when the other change cannot be merged; nothing is written
     */
    public void save(List<Branch> documents) {
        try (FileLock lock = FileLock.acquire(path)) {
            // not a file (absent, or a folder in the way): compared as absent; the write reports the rest
            byte[] current = Files.isRegularFile(path) ? AtomicFile.read(path) : null;
            if (Arrays.equals(current, basis)) {
                write(file, documents);
            } else if (current == null) {
                throw new ConcurrentChangeException(path, List.of(), "it was removed");
            } else {
                writeMerged(current, documents);
            }
        } catch (ConcurrentChangeException e) {
            throw e;
        } catch (SopsException e) {
            throw e.withFile(path);
        }
    }

    private void write(DecryptedFile with, List<Branch> documents) {
        byte[] encrypted = with.encrypt(store, documents);
        with.verifyWritten(encrypted, store, documents);
        AtomicFile.write(path, encrypted, false);
        byte[] written = AtomicFile.read(path);
        with.verifyWritten(written, store, documents);
        basis = written;
    }

    /** Ours (basis to documents) and theirs (basis to current) merged, under theirs' data key and recipients. */
    private void writeMerged(byte[] current, List<Branch> documents) {
        if (basis == null) {
            throw new ConcurrentChangeException(path, List.of(), "another writer created it");
        }
        DecryptedFile theirs;
        try {
            theirs = Sops.decrypt(current, store, identities, false);
        } catch (SopsException e) {
            throw new ConcurrentChangeException(path, List.of(), "the new version does not open with your keys ("
                    + e.getMessage() + ")");
        }
        List<Branch> base;
        try (DecryptedFile opened = Sops.decryptWithKey(basis, store, file.dataKey(), true)) {
            base = opened.documents();
        }
        MergeResult merged = TreeMerge.merge(base, documents, theirs.documents());
        if (!merged.isClean()) {
            theirs.close();
            List<String> paths = new ArrayList<>();
            for (Conflict c : merged.conflicts()) {
                paths.add(c.path());
            }
            throw new ConcurrentChangeException(path, paths, "both changed " + String.join(", ", paths));
        }
        write(theirs, merged.documents());
        file.close();
        file = theirs.withDocuments(new ArrayList<>(merged.documents()));
    }

    @Override
    public void close() {
        file.close();
    }
}
