package dev.secrets.sops.merge;

import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.List;

/**
 * Three-way merge of decrypted sops documents at the level of keys and values: what a git merge
 * driver for encrypted files needs, since a text merge of ciphertext and MAC cannot work.
 *
 * <ul>
 *   <li>A key changed on one side only takes that side; the same change on both sides is fine.</li>
 *   <li>A key added on one side is added, placed after the key it followed on that side.</li>
 *   <li>A key removed on one side and unchanged on the other is removed.</li>
 *   <li>Changed differently on both sides (removed on one and changed on the other included) is a
 *       {@link Conflict}, named by its sops path ({@code ["db"]["password"]}), never its values.</li>
 *   <li>Nested maps are merged key by key; a list is one value, compared whole.</li>
 *   <li>Comments are part of the order: ours' are kept, theirs' added comments are taken when
 *       theirs only added some; when theirs removed or edited one, ours' stand and a note says so.</li>
 * </ul>
 *
 * <pre>{@code
 * MergeResult r = TreeMerge.merge(baseFile.documents(), oursFile.documents(), theirsFile.documents());
 * if (r.isClean()) {
 *     byte[] out = oursFile.encrypt(store, r.documents());   // unchanged values keep their ciphertext
 * } else {
 *     r.conflicts().forEach(c -> System.err.println("conflict: " + c));
 * }
 * }</pre>
 * {@link EncryptedMerge} does all of this on the encrypted bytes.
 */
public final class TreeMerge {
    private TreeMerge() {
    }

    /**
     * Merges the documents of the three versions of a file; none of them is changed.
     *
     * @param base the common ancestor's documents; an empty list when there is none (git's add/add:
     *             then keys both sides added must agree)
     */
    public static MergeResult merge(List<Branch> base, List<Branch> ours, List<Branch> theirs) {
        List<Conflict> conflicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Branch> bases = base.isEmpty() ? emptyDocuments(ours.size()) : base;
        List<Branch> merged;
        if (bases.size() == ours.size() && ours.size() == theirs.size()) {
            merged = new ArrayList<>(ours.size());
            BranchMerge rules = new BranchMerge(conflicts, notes);
            for (int i = 0; i < ours.size(); i++) {
                String root = ours.size() > 1 ? "(document " + (i + 1) + ") " : "";
                merged.add((Branch) rules.value(root, bases.get(i), ours.get(i), theirs.get(i)));
            }
        } else {
            merged = wholeFile(bases, ours, theirs, conflicts);
        }
        return new MergeResult(conflicts.isEmpty() ? merged : null, conflicts, notes);
    }

    /** Different numbers of YAML documents: only one side may have changed the file. */
    private static List<Branch> wholeFile(List<Branch> base, List<Branch> ours, List<Branch> theirs,
                                          List<Conflict> conflicts) {
        if (SameValue.of(ours, theirs) || SameValue.of(theirs, base)) {
            return copy(ours);
        }
        if (SameValue.of(ours, base)) {
            return copy(theirs);
        }
        conflicts.add(new Conflict("", "the number of documents changed and both sides changed the file"));
        return null;
    }

    private static List<Branch> copy(List<Branch> documents) {
        List<Branch> out = new ArrayList<>(documents.size());
        documents.forEach(d -> out.add(d.deepCopy()));
        return out;
    }

    private static List<Branch> emptyDocuments(int n) {
        List<Branch> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Branch());
        }
        return out;
    }
}
