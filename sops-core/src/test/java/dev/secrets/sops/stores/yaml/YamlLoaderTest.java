package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading: tree shape, comment placement, aliases, multi-document streams, metadata. */
class YamlLoaderTest {
    private final YamlStore store = new YamlStore(0);

    private List<Branch> load(String yaml) {
        return store.loadPlain(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private String roundTrip(String yaml) {
        return new String(store.emitPlain(load(yaml)), StandardCharsets.UTF_8);
    }

    @Test
    void commentsLandInTheirContainer() {
        Branch doc = load("""
                # head
                a: 1 # after a
                b:
                    # first in b
                    c: x
                    # foot of b
                d:
                    - p
                    # between
                    - q # after q
                    # foot of d
                e: # after e
                    f: y
                # tail
                """).get(0);
        assertEquals(new Branch()
                .addComment(new Comment(" head"))
                .addComment(new Comment(" after a", true))
                .add("a", 1L)
                .add("b", new Branch().addComment(new Comment(" first in b")).add("c", "x")
                        .addComment(new Comment(" foot of b")))
                .add("d", List.of("p", new Comment(" between"), new Comment(" after q", true), "q",
                        new Comment(" foot of d")))
                .addComment(new Comment(" after e"))
                .add("e", new Branch().add("f", "y"))
                .addComment(new Comment(" tail")), doc);
    }

    @Test
    void trailingCommentIndentationDecidesWhichBlockItEnds() {
        Branch doc = load("""
                a:
                    b:
                        c: 1
                        # ends b
                    # ends a
                # before z
                z: 2
                """).get(0);
        Branch a = (Branch) doc.get("a");
        Branch b = (Branch) a.get("b");
        assertEquals(new Comment(" ends b"), b.items().get(1).key());
        assertEquals(new Comment(" ends a"), a.items().get(1).key());
        assertEquals(new Comment(" before z"), doc.items().get(1).key());
    }

    @Test
    void commentInsideAListItemMap() {
        Branch doc = load("""
                l:
                    - k: v # inline on k
                      # between keys
                      k2: w
                """).get(0);
        @SuppressWarnings("unchecked")
        Branch item = (Branch) ((List<Object>) doc.get("l")).get(0);
        assertEquals(new Branch().addComment(new Comment(" inline on k", true)).add("k", "v")
                .addComment(new Comment(" between keys")).add("k2", "w"), item);
    }

    @Test
    void plainRoundTripIsStable() {
        String yaml = """
                # head
                a: 1 # after a
                b:
                    # first in b
                    c: x
                    # foot of b
                d:
                    - p
                    # between
                    - q # after q
                    - k: v # on k
                      # between keys
                      k2: w
                    # foot of d
                # before e
                e:
                    f: g
                # tail
                """;
        assertEquals(yaml, roundTrip(yaml));
        assertEquals(roundTrip(yaml), roundTrip(roundTrip(yaml)));
    }

    @Test
    void lineCommentAfterAFlowCollectionGoesInsideIt() {
        Branch doc = load("c: [1, 2] # on c\nl:\n    - [3] # on item\n").get(0);
        assertEquals(new Branch()
                .add("c", List.of(new Comment(" on c"), 1L, 2L))
                .add("l", List.of(new Comment(" on item", true), List.of(3L))), doc);
        // an empty flow collection has nowhere to hold it: it stays an inline comment of the entry
        assertEquals(new Branch().addComment(new Comment(" c", true)).add("e", new Branch()),
                load("e: {} # c\n").get(0));
        assertEquals("e: {} # c\n", roundTrip("e: {} # c\n"));
    }

    @Test
    void commentsOfACollectionWithoutEntriesAreNotLost() {
        Branch doc = new Branch().add("m", new Branch().addComment(new Comment(" only"))).add("l",
                List.of(new Comment(" alone")));
        assertEquals("m: {} # only\nl: [] # alone\n", new String(store.emitPlain(List.of(doc)), StandardCharsets.UTF_8));
    }

    @Test
    void aliasesAreExpandedAsIndependentCopies() {
        Branch doc = load("""
                base: &b
                    x: 1
                    l: [1, 2]
                copy: *b
                merged:
                    <<: *b
                    y: 2
                scalar: &s hello
                again: *s
                """).get(0);
        assertEquals(doc.get("base"), doc.get("copy"));
        assertNotSame(doc.get("base"), doc.get("copy"));
        assertEquals(new Branch().add("<<", doc.get("base")).add("y", 2L), doc.get("merged"));
        assertEquals("hello", doc.get("again"));
        // sops 3.13 writes the merge key back with go-yaml's explicit tag; that reads back the same
        String emitted = new String(store.emitPlain(List.of(doc)), StandardCharsets.UTF_8);
        assertTrue(emitted.contains("merged:\n    !!merge <<:\n        x: 1\n"), emitted);
        assertEquals(doc, load(emitted).get(0));
        ((Branch) doc.get("copy")).put("x", 5L);
        assertEquals(1L, ((Branch) doc.get("base")).get("x"));
    }

    @Test
    void multiDocumentStreams() {
        List<Branch> docs = load("a: 1\n---\nb: 2\n--- # only a comment\n---\n");
        assertEquals(4, docs.size());
        assertEquals(new Branch().add("a", 1L), docs.get(0));
        assertEquals(new Branch().add("b", 2L), docs.get(1));
        assertEquals(new Branch().addComment(new Comment(" only a comment", true)), docs.get(2));
        assertEquals(new Branch(), docs.get(3));
        assertEquals("a: 1\n---\nb: 2\n---\n# only a comment\n{}\n---\n{}\n",
                new String(store.emitPlain(docs), StandardCharsets.UTF_8));
        // a leading "---" is dropped on output, as sops does
        assertEquals("a: 1\n", roundTrip("---\na: 1\n"));
    }

    @Test
    void zeroByteFileHasNoDocuments() {
        assertTrue(store.loadPlain(new byte[0]).isEmpty());
        assertEquals(0, store.emitPlain(List.of()).length);
    }

    @Test
    void nullValuesAndEmptyCollections() {
        Branch doc = load("a:\nb: null\nc: ~\nd: {}\ne: []\n").get(0);
        assertEquals(new Branch().add("a", null).add("b", null).add("c", null).add("d", new Branch())
                .add("e", List.of()), doc);
        assertEquals("a: null\nb: null\nc: null\nd: {}\ne: []\n", roundTrip("a:\nb: null\nc: ~\nd: {}\ne: []\n"));
    }

    @Test
    void loadEncryptedSeparatesMetadataFromEveryDocument() {
        String yaml = """
                a: ENC[x]
                sops:
                    version: 3.13.1
                ---
                b: ENC[y]
                sops:
                    version: 3.13.1
                """;
        Store.EncryptedDocuments enc = store.loadEncrypted(yaml.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Branch().add("a", "ENC[x]"), new Branch().add("b", "ENC[y]")), enc.documents());
        assertEquals(new Branch().add("version", "3.13.1"), enc.metadata());
        assertEquals(yaml, new String(store.emitEncrypted(enc.documents(), enc.metadata()), StandardCharsets.UTF_8));
        assertNull(store.loadEncrypted("a: 1\n".getBytes(StandardCharsets.UTF_8)).metadata());
    }

    @Test
    void hasMetadataKeyLooksAtTheFirstDocumentOnly() {
        assertTrue(store.hasMetadataKey(load("sops: {}\na: 1\n")));
        assertFalse(store.hasMetadataKey(load("a: 1\n---\nsops: {}\n")));
        assertFalse(store.hasMetadataKey(List.of()));
    }

    @Test
    void keysAreResolvedThenMustBeStrings() {
        assertEquals(new Branch().add("123", "x").add("true", "y"), load("\"123\": x\n!!str true: y\n").get(0));
    }
}
