package dev.secrets.sops.merge;

import dev.secrets.sops.tree.Branch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The three-way rules for one document, key by key: a value changed on one side takes that side;
 * the same change on both is kept once; a key removed on one side and untouched on the other is
 * removed; maps are merged key by key, anything else (lists included) is one value. Ours' order and
 * comments are the frame; {@link TheirsAdditions} places what only theirs added.
 */
final class BranchMerge {
    private final List<Conflict> conflicts;
    private final List<String> notes;

    BranchMerge(List<Conflict> conflicts, List<String> notes) {
        this.conflicts = conflicts;
        this.notes = notes;
    }

    /** The merged value at a path present on all three sides. */
    Object value(String path, Object base, Object ours, Object theirs) {
        if (SameValue.of(ours, theirs) || SameValue.of(theirs, base)) {
            return Branch.copyValue(ours);
        }
        if (SameValue.of(ours, base)) {
            return Branch.copyValue(theirs);
        }
        if (base instanceof Branch b && ours instanceof Branch o && theirs instanceof Branch t) {
            return branch(path, b, o, t);
        }
        conflicts.add(new Conflict(path, "changed differently on both sides"));
        return Branch.copyValue(ours);
    }

    /** A key both sides added: the same value, or two maps that merge. */
    private Object added(String path, Object ours, Object theirs) {
        if (SameValue.of(ours, theirs)) {
            return Branch.copyValue(ours);
        }
        if (ours instanceof Branch o && theirs instanceof Branch t) {
            return branch(path, new Branch(), o, t);
        }
        conflicts.add(new Conflict(path, "added with different values on both sides"));
        return Branch.copyValue(ours);
    }

    private Branch branch(String path, Branch base, Branch ours, Branch theirs) {
        if (hasDuplicateKeys(base) || hasDuplicateKeys(ours) || hasDuplicateKeys(theirs)) {
            // Which of two same-named entries matches which is a guess; only whole-map rules apply.
            conflicts.add(new Conflict(path, "a map with duplicate keys changed on both sides"));
            return ours.deepCopy();
        }
        Branch out = new Branch();
        for (Branch.Item item : ours) {
            if (item.isComment()) {
                out.items().add(item);
                continue;
            }
            String key = (String) item.key();
            String at = SopsPath.child(path, key);
            boolean inBase = base.containsKey(key);
            if (theirs.containsKey(key)) {
                Object theirsValue = theirs.get(key);
                out.add(key, inBase ? value(at, base.get(key), item.value(), theirsValue) : added(at, item.value(), theirsValue));
            } else if (!inBase) {
                out.add(key, Branch.copyValue(item.value()));
            } else if (!SameValue.of(item.value(), base.get(key))) {
                conflicts.add(new Conflict(at, "removed on theirs, changed on ours"));
            }
        }
        for (Branch.Item item : theirs) {
            if (item.key() instanceof String key && !ours.containsKey(key) && base.containsKey(key)
                    && !SameValue.of(item.value(), base.get(key))) {
                conflicts.add(new Conflict(SopsPath.child(path, key), "removed on ours, changed on theirs"));
            }
        }
        if (!TheirsAdditions.place(base, ours, theirs, out)) {
            notes.add((path.isBlank() ? "top level" : path.strip()) + ": theirs removed or edited comments; ours' comments kept");
        }
        return out;
    }

    private static boolean hasDuplicateKeys(Branch branch) {
        Set<String> seen = new HashSet<>();
        for (Branch.Item item : branch) {
            if (item.key() instanceof String key && !seen.add(key)) {
                return true;
            }
        }
        return false;
    }
}
