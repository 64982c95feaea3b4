package dev.secrets.sops.merge;

import dev.secrets.sops.tree.Branch;
import java.util.List;

/**
 * What {@link TreeMerge} made of three trees.
 *
 * @param documents the merged documents (new objects, the inputs are not changed); null when
 *                  there are conflicts
 * @param conflicts every key both sides changed differently, in document order; empty when clean
 * @param notes     what the merge chose without a conflict but a person may want to know (e.g.
 *                  theirs' edits to comments that were not taken), one line each, no values
 */
public record MergeResult(List<Branch> documents, List<Conflict> conflicts, List<String> notes) {
    public MergeResult {
        conflicts = List.copyOf(conflicts);
        notes = List.copyOf(notes);
    }

    public boolean isClean() {
        return conflicts.isEmpty();
    }
}
