package dev.secrets.sops.stores.yaml;

import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts each comment line into the map or list it belongs to, approximating where go-yaml attaches
 * it (head, line or foot comment) and sops then turns it into a tree item. The container matters:
 * its key path is the comment's encryption AAD.
 *
 * <ul>
 *   <li>An end-of-line comment goes before the innermost entry that starts on its line.</li>
 *   <li>A full-line comment followed by an entry of the same block goes before that entry; one
 *       indented like a block that has just ended becomes that block's trailing comment (go-yaml's
 *       foot comment); one before the first entry of a block that opens right after it goes into
 *       that new block.</li>
 * </ul>
 * Entries of flow collections are not considered: a flow collection is placed as a whole.
 */
final class CommentPlacer {
    /** An entry (map key or list element) with its container chain, innermost first. */
    private record Entry(YamlNode.Collection container, int index, int line, List<YamlNode.Collection> chain) {
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Whether the entries are in line order (block YAML: always), so that lines are found by bisection. */
    private boolean sorted;
    private final YamlNode.Collection root;

    private final boolean bisect;

    CommentPlacer(YamlNode.Collection root) {
        this(root, true);
    }

    /** bisect false: every line found by a scan of all entries (for CommentPlacerTest). */
    CommentPlacer(YamlNode.Collection root, boolean bisect) {
        this.root = root;
        this.bisect = bisect;
    }

    void place(List<YamlEventComposer.CommentLine> comments) {
        if (comments.isEmpty()) {
            return; // most files: no entry list to build
        }
        collect(root, List.of());
        sorted = bisect;
        for (int i = 1; i < entries.size() && sorted; i++) {
            sorted = entries.get(i - 1).line() <= entries.get(i).line();
        }
        for (YamlEventComposer.CommentLine c : comments) {
            placeOne(c);
        }
    }

    private void collect(YamlNode.Collection c, List<YamlNode.Collection> outer) {
        if (c.flow) {
            return;
        }
        List<YamlNode.Collection> chain = new ArrayList<>();
        chain.add(c);
        chain.addAll(outer);
        for (int i = 0; i < c.size(); i++) {
            entries.add(new Entry(c, i, c.entryLine(i), chain));
            YamlNode child = c instanceof YamlNode.Mapping m ? m.values.get(i) : ((YamlNode.Sequence) c).items.get(i);
            if (child instanceof YamlNode.Collection cc) {
                collect(cc, chain);
            }
        }
    }

    private void placeOne(YamlEventComposer.CommentLine c) {
        if (c.inline()) {
            Entry same = null;
            if (sorted) {
                int last = lastAtMost(c.line());
                same = last >= 0 && entries.get(last).line() == c.line() ? entries.get(last) : null;
            } else {
                for (Entry e : entries) {
                    if (e.line() == c.line()) {
                        same = e;
                    }
                }
            }
            if (same == null) {
                // "? long key" / ": value # c": the comment ends the value's line
                for (Entry e : entries) {
                    if (e.container() instanceof YamlNode.Mapping m && m.values.get(e.index()).line == c.line()
                            && m.values.get(e.index()) instanceof YamlNode.Scalar) {
                        same = e;
                    }
                }
            }
            if (same != null) {
                YamlNode value = same.container() instanceof YamlNode.Mapping m ? m.values.get(same.index()) : null;
                if (value instanceof YamlNode.Collection v && v.flow && v.size() > 0) {
                    // "key: [a, b] # c": the flow collection's line comment, which sops puts first inside it
                    v.addComment(0, new Comment(c.text(), false));
                    return;
                }
                // sops marks only a scalar value's (or list element's) line comment as inline; after
                // "key:" with a block below, go-yaml gives it to the key and sops keeps it as a plain comment
                boolean inline = !(value instanceof YamlNode.Collection v && !v.flow);
                same.container().addComment(same.index(), new Comment(c.text(), inline));
                return;
            }
        }
        Comment comment = new Comment(c.text(), c.inline());
        Entry prev = null;
        Entry next = null;
        if (sorted) {
            int before = lastAtMost(c.line() - 1);
            int after = lastAtMost(c.line()) + 1;
            prev = before >= 0 ? entries.get(before) : null;
            next = after < entries.size() ? entries.get(after) : null;
        } else {
            for (Entry e : entries) {
                if (e.line() < c.line()) {
                    prev = e;
                } else if (e.line() > c.line() && next == null) {
                    next = e;
                }
            }
        }
        List<YamlNode.Collection> open = prev == null ? List.of() : prev.chain();
        if (next != null && !open.contains(next.container())) {
            next.container().addComment(next.index(), comment);
            return;
        }
        YamlNode.Collection target = null;
        for (YamlNode.Collection candidate : open) {
            if (next != null && candidate == next.container()) {
                break; // never shallower than the block that continues
            }
            if (columnOf(candidate) <= c.column()) {
                target = candidate;
                break;
            }
        }
        if (target == null) {
            if (next != null) {
                next.container().addComment(next.index(), comment);
                return;
            }
            target = open.isEmpty() ? root : open.get(open.size() - 1);
        }
        target.addComment(target.size(), comment);
    }

    /** The index of the last entry on a line up to {@code line} (entries in line order), or -1. */
    private int lastAtMost(int line) {
        int lo = 0;
        int hi = entries.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).line() <= line) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** A block's indentation: where it starts (its first key, "?" or dash). */
    private static int columnOf(YamlNode.Collection c) {
        return c.column;
    }
}
