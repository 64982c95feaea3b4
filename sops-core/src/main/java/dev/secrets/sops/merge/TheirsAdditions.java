package dev.secrets.sops.merge;

import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the keys and comments only theirs added into the merged map, each run right after the
 * nearest key before it in theirs (and after what ours added there; at the top when there is no
 * key before it), so an addition lands beside the neighbours it had. Theirs' comments are taken only when theirs just added comments; when theirs
 * removed or edited one, ours' comments stand as they are.
 */
final class TheirsAdditions {
    private TheirsAdditions() {
    }

    /** Places theirs' additions into {@code out}; false when theirs' comment edits were left out. */
    static boolean place(Branch base, Branch ours, Branch theirs, Branch out) {
        boolean[] addedComment = addedComments(base, theirs);
        boolean simple = addedComment != null;
        Map<Comment, Integer> oursAddedToo = simple ? oursAdditions(base, ours) : Map.of();
        int cursor = afterOursAdditions(out, -1, base, theirs);
        List<Branch.Item> items = theirs.items();
        for (int i = 0; i < items.size(); i++) {
            Branch.Item item = items.get(i);
            if (item.key() instanceof String key) {
                if (!base.containsKey(key) && !ours.containsKey(key)) {
                    out.items().add(cursor++, item.withValue(Branch.copyValue(item.value())));
                } else {
                    int at = out.indexOf(key);
                    cursor = at < 0 ? cursor : afterOursAdditions(out, at, base, theirs);
                }
            } else if (simple && addedComment[i] && !takeOne(oursAddedToo, (Comment) item.key())) {
                out.items().add(cursor++, item);
            }
        }
        return simple;
    }

    /**
     * The place after the key at {@code at} (-1: the top) and after the keys ours added right behind
     * it, with the comments among them: when both sides added at the same place, ours' come first.
     */
    private static int afterOursAdditions(Branch out, int at, Branch base, Branch theirs) {
        int cursor = at + 1;
        List<Branch.Item> items = out.items();
        for (int j = at + 1; j < items.size(); j++) {
            Object key = items.get(j).key();
            if (key instanceof String k) {
                if (base.containsKey(k) || theirs.containsKey(k)) {
                    break;
                }
                cursor = j + 1;
            }
        }
        return cursor;
    }

    /**
     * Which of theirs' items are comments theirs added: base's comments must appear in theirs in the
     * same order (a subsequence); the others are additions. Null when theirs removed or edited one.
     */
    private static boolean[] addedComments(Branch base, Branch theirs) {
        List<Comment> baseComments = comments(base);
        List<Branch.Item> items = theirs.items();
        boolean[] added = new boolean[items.size()];
        int matched = 0;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).key() instanceof Comment c) {
                if (matched < baseComments.size() && baseComments.get(matched).equals(c)) {
                    matched++;
                } else {
                    added[i] = true;
                }
            }
        }
        return matched == baseComments.size() ? added : null;
    }

    /** How many more times each comment appears in ours than in base: ours added those as well. */
    private static Map<Comment, Integer> oursAdditions(Branch base, Branch ours) {
        Map<Comment, Integer> counts = new HashMap<>();
        comments(ours).forEach(c -> counts.merge(c, 1, Integer::sum));
        comments(base).forEach(c -> counts.merge(c, -1, Integer::sum));
        return counts;
    }

    /** Uses up one of ours' additions of this comment; true when there was one. */
    private static boolean takeOne(Map<Comment, Integer> counts, Comment c) {
        int n = counts.getOrDefault(c, 0);
        if (n <= 0) {
            return false;
        }
        counts.put(c, n - 1);
        return true;
    }

    private static List<Comment> comments(Branch branch) {
        List<Comment> out = new ArrayList<>();
        for (Branch.Item item : branch) {
            if (item.key() instanceof Comment c) {
                out.add(c);
            }
        }
        return out;
    }
}
