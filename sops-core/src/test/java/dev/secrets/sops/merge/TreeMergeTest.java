package dev.secrets.sops.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TreeMerge's rules, one by one, on hand-built trees. */
class TreeMergeTest {
    /** A map from alternating keys and values; a Comment key takes no value. */
    static Branch map(Object... keysAndValues) {
        Branch b = new Branch();
        for (int i = 0; i < keysAndValues.length; i++) {
            if (keysAndValues[i] instanceof Comment c) {
                b.addComment(c);
            } else {
                b.add(keysAndValues[i], keysAndValues[++i]);
            }
        }
        return b;
    }

    static Comment comment(String text) {
        return new Comment(" " + text);
    }

    static MergeResult merge(Branch base, Branch ours, Branch theirs) {
        return TreeMerge.merge(List.of(base), List.of(ours), List.of(theirs));
    }

    static Branch clean(Branch base, Branch ours, Branch theirs) {
        MergeResult r = merge(base, ours, theirs);
        assertTrue(r.isClean(), () -> "unexpected conflicts " + r.conflicts());
        assertEquals(1, r.documents().size());
        return r.documents().get(0);
    }

    static List<String> conflictPaths(MergeResult r) {
        assertFalse(r.isClean());
        assertNull(r.documents(), "no documents when there are conflicts");
        return r.conflicts().stream().map(Conflict::path).toList();
    }

    @Test
    void aKeyChangedOnOneSideTakesThatSide() {
        Branch base = map("a", "1", "b", "2", "c", "3");
        assertEquals(map("a", "1", "b", "ours", "c", "theirs"),
                clean(base, map("a", "1", "b", "ours", "c", "3"), map("a", "1", "b", "2", "c", "theirs")));
    }

    @Test
    void theSameChangeOnBothSidesIsKeptOnce() {
        Branch base = map("a", "1", "b", 2L);
        assertEquals(map("a", "new", "b", 2L), clean(base, map("a", "new", "b", 2L), map("a", "new", "b", 2L)));
    }

    @Test
    void aTypeChangeIsAChange() {
        Branch base = map("port", "5432", "host", "h");
        assertEquals(map("port", 5432L, "host", "h2"),
                clean(base, map("port", 5432L, "host", "h"), map("port", "5432", "host", "h2")));
    }

    @Test
    void keysAddedByTheirsLandAfterTheirNeighbour() {
        Branch base = map("a", "1", "b", "2", "c", "3");
        Branch ours = map("a", "1", "y", "ours", "b", "2", "c", "3");
        Branch theirs = map("a", "1", "b", "2", "x1", "t1", "x2", "t2", "c", "3");
        assertEquals(map("a", "1", "y", "ours", "b", "2", "x1", "t1", "x2", "t2", "c", "3"), clean(base, ours, theirs));
    }

    @Test
    void keysAddedByTheirsAtTheTopAndEndStayThere() {
        Branch base = map("a", "1", "b", "2");
        Branch theirs = map("first", "f", "a", "1", "b", "2", "last", "l");
        assertEquals(map("first", "f", "a", "1", "b", "2", "last", "l"), clean(base, base.deepCopy(), theirs));
        // ours changed something too, so the merge is key by key, not a whole-map shortcut
        assertEquals(map("first", "f", "a", "ours", "b", "2", "last", "l"), clean(base, map("a", "ours", "b", "2"), theirs));
    }

    @Test
    void aKeyRemovedOnOneSideAndUnchangedOnTheOtherIsRemoved() {
        Branch base = map("a", "1", "b", "2", "c", "3");
        assertEquals(map("a", "ours", "c", "3"), clean(base, map("a", "ours", "b", "2", "c", "3"), map("a", "1", "c", "3")));
        assertEquals(map("a", "1", "c", "theirs"), clean(base, map("a", "1", "c", "3"), map("a", "1", "b", "2", "c", "theirs")));
        assertEquals(map("c", "3"), clean(base, map("a", "1", "c", "3"), map("b", "2", "c", "3")));
    }

    @Test
    void changedDifferentlyOnBothSidesIsAConflictNamingTheKeyNotTheValues() {
        Branch base = map("user", "u", "password", "old-secret");
        MergeResult r = merge(base, map("user", "u", "password", "ours-secret"), map("user", "u2", "password", "theirs-secret"));
        assertEquals(List.of("[\"password\"]"), conflictPaths(r));
        String text = r.conflicts().toString() + r.notes();
        for (String secret : List.of("old-secret", "ours-secret", "theirs-secret")) {
            assertFalse(text.contains(secret), "a value in the conflict report: " + text);
        }
    }

    @Test
    void removedOnOneSideAndChangedOnTheOtherIsAConflict() {
        Branch base = map("a", "1", "b", "2");
        MergeResult theirsRemoved = merge(base, map("a", "1", "b", "ours"), map("a", "1"));
        assertEquals(List.of("[\"b\"]"), conflictPaths(theirsRemoved));
        assertEquals("removed on theirs, changed on ours", theirsRemoved.conflicts().get(0).reason());
        MergeResult oursRemoved = merge(base, map("b", "2"), map("a", "theirs", "b", "2"));
        assertEquals(List.of("[\"a\"]"), conflictPaths(oursRemoved));
        assertEquals("removed on ours, changed on theirs", oursRemoved.conflicts().get(0).reason());
    }

    @Test
    void addedOnBothSides() {
        Branch base = map("a", "1");
        assertEquals(map("a", "1", "n", "same"), clean(base, map("a", "1", "n", "same"), map("a", "1", "n", "same")));
        assertEquals(List.of("[\"n\"]"), conflictPaths(merge(base, map("a", "1", "n", "x"), map("a", "1", "n", "y"))));
        // two new maps merge key by key
        assertEquals(map("a", "1", "n", map("p", "1", "q", "2")),
                clean(base, map("a", "1", "n", map("p", "1")), map("a", "1", "n", map("q", "2"))));
    }

    @Test
    void nestedMapsMergeKeyByKeyAndConflictsNameTheFullPath() {
        Branch base = map("db", map("host", "h", "password", "p", "port", 1L), "api", map("token", "t"));
        Branch ours = map("db", map("host", "h", "password", "p-ours", "port", 1L), "api", map("token", "t"));
        Branch theirs = map("db", map("host", "h", "password", "p", "port", 2L, "user", "u"), "api", map("token", "t2"));
        assertEquals(map("db", map("host", "h", "password", "p-ours", "port", 2L, "user", "u"), "api", map("token", "t2")),
                clean(base, ours, theirs));

        Branch theirsToo = map("db", map("host", "h", "password", "p-theirs", "port", 1L), "api", map("token", "t"));
        assertEquals(List.of("[\"db\"][\"password\"]"), conflictPaths(merge(base, ours, theirsToo)));
    }

    @Test
    void everyConflictIsReported() {
        Branch base = map("a", "1", "b", map("c", "2"), "d", "3");
        MergeResult r = merge(base, map("a", "x", "b", map("c", "x"), "d", "3"), map("a", "y", "b", map("c", "y")));
        assertEquals(List.of("[\"a\"]", "[\"b\"][\"c\"]"), conflictPaths(r));
    }

    @Test
    void aListIsOneValue() {
        Branch base = map("hosts", new ArrayList<>(List.of("a", "b")));
        Branch ours = map("hosts", new ArrayList<>(List.of("a", "b", "c")));
        Branch theirs = map("hosts", new ArrayList<>(List.of("z", "a", "b")));
        assertEquals(List.of("[\"hosts\"]"), conflictPaths(merge(base, ours, theirs)));
        assertEquals(map("hosts", List.of("z", "a", "b")), clean(base, base.deepCopy(), theirs));
    }

    @Test
    void oursCommentsAreKeptAndTheirsAddedCommentsTaken() {
        Branch base = map(comment("database"), "db", "1", "api", "2");
        Branch ours = map(comment("database"), "db", "ours", comment("ours added"), "api", "2");
        Branch theirs = map(comment("database"), "db", "1", comment("theirs added"), "api", "theirs",
                comment("about the new key"), "new", "n");
        MergeResult r = merge(base, ours, theirs);
        assertTrue(r.isClean());
        assertEquals(map(comment("database"), "db", "ours", comment("theirs added"), comment("ours added"), "api", "theirs",
                comment("about the new key"), "new", "n"), r.documents().get(0));
        assertEquals(List.of(), r.notes());
    }

    @Test
    void aCommentBothSidesAddedIsTakenOnce() {
        Branch base = map("a", "1", "b", "2");
        Branch ours = map("a", "ours", comment("same"), "b", "2");
        Branch theirs = map("a", "1", comment("same"), "b", "theirs");
        assertEquals(map("a", "ours", comment("same"), "b", "theirs"), clean(base, ours, theirs));
    }

    @Test
    void theirsEditedCommentsAreNotTakenAndANoteSaysSo() {
        Branch base = map(comment("old text"), "a", "1", "b", "2");
        Branch ours = map(comment("old text"), "a", "ours", "b", "2");
        Branch theirs = map(comment("new text"), "a", "1", "b", "theirs");
        MergeResult r = merge(base, ours, theirs);
        assertTrue(r.isClean());
        assertEquals(map(comment("old text"), "a", "ours", "b", "theirs"), r.documents().get(0));
        assertEquals(List.of("top level: theirs removed or edited comments; ours' comments kept"), r.notes());
    }

    @Test
    void theInputsAreNotChanged() {
        Branch base = map("a", "1", "n", map("x", "1"));
        Branch ours = map("a", "ours", "n", map("x", "1"));
        Branch theirs = map("a", "1", "n", map("x", "1", "y", "2"), "b", "new");
        Branch[] copies = {base.deepCopy(), ours.deepCopy(), theirs.deepCopy()};
        Branch merged = clean(base, ours, theirs);
        ((Branch) merged.get("n")).put("z", "changed after the merge");
        assertEquals(List.of(copies), List.of(base, ours, theirs));
    }

    @Test
    void legacyBytesValuesCompareByContent() {
        Branch base = map("raw", new byte[] {1, 2}, "a", "1");
        Branch merged = clean(base, map("raw", new byte[] {1, 2}, "a", "ours"), map("raw", new byte[] {9}, "a", "1"));
        assertTrue(java.util.Arrays.equals(new byte[] {9}, (byte[]) merged.get("raw")));
    }

    @Test
    void pathsUseSopsSyntaxAndEscapeControlCharacters() {
        Branch base = map("say \"hi\"", "1", "line\nbreak", "1");
        MergeResult r = merge(base, map("say \"hi\"", "2", "line\nbreak", "2"), map("say \"hi\"", "3", "line\nbreak", "3"));
        assertEquals(List.of("['say \"hi\"']", "[\"line\\nbreak\"]"), conflictPaths(r));
    }

    @Test
    void duplicateKeysMergeOnlyWhenOneSideLeftTheMapAlone() {
        Branch base = map("k", "1", "k", "2", "other", "o");
        Branch theirs = map("k", "1", "k", "3", "other", "o");
        assertEquals(theirs, clean(base, base.deepCopy(), theirs));
        MergeResult r = merge(base, map("k", "1", "k", "2", "other", "ours"), theirs);
        assertEquals(List.of(""), conflictPaths(r));
    }

    @Test
    void documentsMergeOneByOne() {
        List<Branch> base = List.of(map("a", "1"), map("b", "1"));
        MergeResult r = TreeMerge.merge(base, List.of(map("a", "ours"), map("b", "1")), List.of(map("a", "1"), map("b", "theirs")));
        assertEquals(List.of(map("a", "ours"), map("b", "theirs")), r.documents());

        MergeResult conflict = TreeMerge.merge(base, List.of(map("a", "1"), map("b", "x")), List.of(map("a", "1"), map("b", "y")));
        assertEquals(List.of("(document 2) [\"b\"]"), conflictPaths(conflict));

        MergeResult countChanged = TreeMerge.merge(base, List.of(map("a", "ours"), map("b", "1")), List.of(map("a", "1")));
        assertEquals(List.of(""), conflictPaths(countChanged));
        assertEquals(List.of(map("a", "1")), TreeMerge.merge(base, base, List.of(map("a", "1"))).documents());
    }

    /** A changed number of documents is taken whole from the one side that changed the file, or from both when they agree. */
    @Test
    void aDocumentCountChangedOnOneSideIsTakenWhole() {
        List<Branch> base = List.of(map("a", "1"));
        List<Branch> ours = List.of(map("a", "1"), map("b", "2"));
        assertEquals(ours, TreeMerge.merge(base, ours, base).documents());
        List<Branch> same = List.of(map("a", "1"), map("b", "2"));
        assertEquals(ours, TreeMerge.merge(base, ours, same).documents());
        MergeResult r = TreeMerge.merge(base, ours, List.of(map("a", "1"), map("c", "3")));
        assertNull(r.documents());
        assertEquals(List.of(""), conflictPaths(r));
    }

    @Test
    void withoutABaseBothSidesAdditionsMustAgree() {
        MergeResult r = TreeMerge.merge(List.of(), List.of(map("a", "1", "b", "ours")), List.of(map("a", "1", "c", "theirs")));
        assertEquals(List.of(map("a", "1", "b", "ours", "c", "theirs")), r.documents());
        MergeResult differ = TreeMerge.merge(List.of(), List.of(map("a", "1")), List.of(map("a", "2")));
        assertEquals(List.of("[\"a\"]"), conflictPaths(differ));
    }
}
