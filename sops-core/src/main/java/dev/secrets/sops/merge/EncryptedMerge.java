package dev.secrets.sops.merge;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Three-way merge of encrypted sops files, the library half of a git merge driver
 * ({@code merge.sops.driver = secrets git merge %O %A %B %P}).
 *
 * <p>Each side is opened with the identities, its MAC verified; one that is not a sops file or fails
 * is refused with a {@link SopsException} naming it ({@code cannot open theirs: MAC mismatch ...}).
 * The plaintext trees are merged by {@link TreeMerge}; a clean result is encrypted with <em>ours'</em>
 * data key and metadata, so every value that ours already had keeps its exact ciphertext and each
 * change merged in from theirs is a one-line diff against ours; {@code lastmodified} and the MAC are
 * renewed, and the written bytes are checked to open again before they are returned. The sides may
 * have different data keys (theirs was rotated): each opens with its own, and the result uses ours'
 * key and recipients, unless {@link #withKeyGroups} asks for a new key wrapped for other recipients.
 *
 * <pre>{@code
 * EncryptedMerge.Result r = new EncryptedMerge(Stores.of(Format.ofPath(name)), identities)
 *         .merge(Files.readAllBytes(base), Files.readAllBytes(ours), Files.readAllBytes(theirs));
 * if (r.isClean()) {
 *     Files.write(ours, r.merged());        // git's %A: the driver writes the result there
 * } else {
 *     r.conflicts().forEach(c -> System.err.println("conflict: " + c));   // exit non-zero, %A untouched
 * }
 * }</pre>
 */
public final class EncryptedMerge {
    /** The three inputs, named as in error messages. */
    enum Side {
        BASE, OURS, THEIRS;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The outcome of a merge.
     *
     * @param merged    the encrypted merged file; null when there are conflicts
     * @param conflicts the keys both sides changed differently (paths only, never values)
     * @param notes     choices a person may want to know about, one line each, no values
     */
    public record Result(byte[] merged, List<Conflict> conflicts, List<String> notes) {
        public Result {
            conflicts = List.copyOf(conflicts);
            notes = List.copyOf(notes);
        }

        public boolean isClean() {
            return merged != null;
        }
    }

    private final Store store;
    private final List<Identity> identities;
    private List<List<Recipient>> keyGroups;
    private int shamirThreshold;

    /**
     * @param store      the format of the three files (e.g. {@code Stores.of(Format.ofPath(path))})
     * @param identities what opens them (each side with whichever identity it was wrapped for)
     */
    public EncryptedMerge(Store store, List<Identity> identities) {
        this.store = store;
        this.identities = List.copyOf(identities);
    }

    /**
     * Writes the result under a new data key wrapped for these groups instead of ours' key (as
     * {@code sops rotate} would): every value's ciphertext then changes.
     *
     * @param shamirThreshold 0 means all groups
     */
    public EncryptedMerge withKeyGroups(List<List<Recipient>> groups, int shamirThreshold) {
        this.keyGroups = List.copyOf(groups);
        this.shamirThreshold = shamirThreshold;
        return this;
    }

    /**
     * Merges theirs into ours.
     *
     * @param base the common ancestor; empty when there is none (git passes an empty file when both
     *             branches added the file)
     * @throws SopsException when a side cannot be opened (the message names it), or the result
     *                       does not read back
     */
    public Result merge(byte[] base, byte[] ours, byte[] theirs) {
        try (DecryptedFile b = base.length == 0 ? null : open(Side.BASE, base);
             DecryptedFile o = open(Side.OURS, ours);
             DecryptedFile t = open(Side.THEIRS, theirs)) {
            MergeResult tree = TreeMerge.merge(b == null ? List.of() : b.documents(), o.documents(), t.documents());
            List<String> notes = new ArrayList<>(tree.notes());
            if (!tree.isClean()) {
                return new Result(null, tree.conflicts(), notes);
            }
            if (keyGroups == null) {
                if (!recipients(o).equals(recipients(t))) {
                    notes.add("theirs is encrypted for other recipients than ours; the merged file keeps ours'");
                }
                return new Result(write(o, tree.documents()), List.of(), notes);
            }
            try (DecryptedFile rewrapped = o.rotated(keyGroups, shamirThreshold)) {
                return new Result(write(rewrapped, tree.documents()), List.of(), notes);
            }
        }
    }

    private DecryptedFile open(Side side, byte[] bytes) {
        try {
            return Sops.decrypt(bytes, store, identities, false);
        } catch (SopsException e) {
            throw new SopsException(e.exitCode(), "cannot open " + side.label() + ": " + e.getMessage(), e);
        }
    }

    private byte[] write(DecryptedFile file, List<Branch> documents) {
        byte[] written = file.encrypt(store, documents);
        file.verifyWritten(written, store, documents);
        return written;
    }

    /** Who can open a file: type and id of every key, per group (the wrapped data key aside). */
    private static List<Set<String>> recipients(DecryptedFile file) {
        List<Set<String>> out = new ArrayList<>();
        for (KeyGroup group : file.metadata().keyGroups()) {
            Set<String> ids = new TreeSet<>();
            group.keys().forEach(k -> ids.add(k.type() + ":" + k.id()));
            out.add(ids);
        }
        return out;
    }
}
