package dev.secrets.sops.stores.ini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.testing.SharedTestData;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class IniStoreTest {
    private final IniStore store = new IniStore();

    private Branch load(String text) {
        return store.loadPlain(text.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    private String emit(Branch b) {
        return new String(store.emitPlain(List.of(b)), StandardCharsets.UTF_8);
    }

    private static List<Object> keys(Branch b) {
        return b.items().stream().map(Branch.Item::key).toList();
    }

    @Test
    void upstreamExampleStructure() throws IOException {
        byte[] file = Files.readAllBytes(SharedTestData.corpusDir().resolve("sops-upstream/example.ini"));
        Store.EncryptedDocuments docs = store.loadEncrypted(file);
        Branch tree = docs.documents().get(0);
        assertEquals(List.of("DEFAULT", "name", "address", "phoneNumbers", "not private"), keys(tree));
        assertEquals(new Branch(), tree.get("DEFAULT"));
        Branch name = (Branch) tree.get("name");
        // the comment above [name] belongs to the section: first item
        assertTrue(name.items().get(0).key() instanceof Comment c && c.text().startsWith("ENC[AES256_GCM,")
                && c.text().endsWith("type:comment]"));
        assertEquals(List.of("firstName", "lastName", "age"), keys(name).subList(1, 4));
        assertEquals("hi there!", ((Branch) tree.get("not private")).get("notsecret_unencrypted"));
        assertEquals("3.5.0", docs.metadata().get("version"));
        assertEquals(2, ((List<?>) docs.metadata().get("pgp")).size());
        Branch pgp0 = (Branch) ((List<?>) docs.metadata().get("pgp")).get(0);
        assertTrue(((String) pgp0.get("enc")).startsWith("-----BEGIN PGP MESSAGE-----\n\nwcBM"));
    }

    @Test
    void defaultSectionIsFirstAndWrittenWithoutHeader() {
        Branch b = load("top=1\nlonger_key = 2\n[s]\na = b\n");
        assertEquals(List.of("DEFAULT", "s"), keys(b));
        assertEquals(new Branch().add("top", "1").add("longer_key", "2"), b.get("DEFAULT"));
        assertEquals("top        = 1\nlonger_key = 2\n\n[s]\na = b\n", emit(b));
        // an empty DEFAULT is not written at all
        assertEquals("[s]\na = b\n", emit(load("[s]\na=b")));
        assertEquals("", emit(load("")));
    }

    @Test
    void commentsArePlacedAsSopsPlacesThem() {
        Branch b = load("; about s\n[s] # more\n# about k\nk = v ; inline\nplain = x\n; dangling at the end\n");
        Branch s = (Branch) b.get("s");
        assertEquals(new Branch().addComment(new Comment("about s\n# more")).add("k", "v")
                .addComment(new Comment("about k\n; inline")).add("plain", "x"), s);
        assertEquals("; about s\n# more\n[s]\n; about k\n; inline\nk     = v\nplain = x\n", emit(b));
    }

    @Test
    void valuesAreTrimmedAndUnquoted() {
        Branch s = (Branch) load("[s]\n"
                + "a =   spaced value   \n"
                + "b = \"double\"\n"
                + "c = 'single'\n"
                + "d = \"  keep spaces  \"\n"
                + "e = `has # hash`\n"
                + "f = \"\"\"line1\nline2\"\"\"\n"
                + "g = one \\\n    two\n"
                + "h: colon\n"
                + "i =\n"
                + "j = \"a\"b\"\n").get("s");
        assertEquals("spaced value", s.get("a"));
        assertEquals("double", s.get("b"));
        assertEquals("single", s.get("c"));
        assertEquals("  keep spaces  ", s.get("d"));
        assertEquals("has # hash", s.get("e"));
        assertEquals("line1\nline2", s.get("f"));
        assertEquals("one two", s.get("g"));
        assertEquals("colon", s.get("h"));
        assertEquals("", s.get("i"));
        assertEquals("\"a\"b\"", s.get("j"));
    }

    @Test
    void valuesAreQuotedAsGoIniQuotesThem() {
        Branch b = new Branch().add("s", new Branch()
                .add("multi", "line1\nline2")
                .add("tick", "a`b")
                .add("hash", "a # b")
                .add("semi", "a;b")
                .add("space", " lead")
                .add("plain", "x y")
                .add("key=eq", "1")
                .add("key\"q", "2")
                .add("key`b", "3"));
        String out = emit(b);
        assertEquals("[s]\n"
                + "multi       = \"\"\"line1\nline2\"\"\"\n"
                + "tick        = \"\"\"a`b\"\"\"\n"
                + "hash        = `a # b`\n"
                + "semi        = `a;b`\n"
                + "space       = \" lead\"\n"
                + "plain       = x y\n"
                + "`key=eq`    = 1\n"
                + "`key\"q`     = 2\n"
                + "\"\"\"key`b\"\"\" = 3\n", out);
        // and the written values read back the same
        Branch back = (Branch) load(out).get("s");
        for (String k : List.of("multi", "tick", "hash", "semi", "space", "plain", "key=eq", "key`b")) {
            assertEquals(((Branch) b.get("s")).get(k), back.get(k), k);
        }
    }

    @Test
    void duplicateSectionsAreKeptDuplicateKeysMerged() {
        Branch b = load("[a]\nx=1\n[a]\ny=2\nx=3\ny=4\n");
        assertEquals(List.of("DEFAULT", "a", "a"), keys(b));
        assertEquals(new Branch().add("y", "4").add("x", "3"), b.items().get(2).value());
        assertEquals("[a]\nx = 1\n\n[a]\ny = 4\nx = 3\n", emit(b));
    }

    @Test
    void nonStringValuesUseValToString() {
        assertEquals("[s]\ni = 5\nf = 1.5\nt = true\n",
                emit(new Branch().add("s", new Branch().add("i", 5L).add("f", 1.5).add("t", true))));
    }

    @Test
    void metadataSectionEscapesNewlinesAndReadsBothForms() {
        Branch meta = new Branch()
                .add("age", List.of(new Branch().add("enc", "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n")
                        .add("recipient", "age1abc")))
                .add("lastmodified", "2026-05-22T20:15:58Z")
                .add("mac", "ENC[m]")
                .add("version", "3.13.2");
        List<Branch> docs = List.of(new Branch().add("DEFAULT", new Branch()).add("foo", new Branch().add("bar", "ENC[b]")));
        String out = new String(store.emitEncrypted(docs, meta), StandardCharsets.UTF_8);
        assertEquals("[foo]\nbar = ENC[b]\n\n[sops]\n"
                + "age__list_0__map_enc       = -----BEGIN AGE ENCRYPTED FILE-----\\nYWdl\\n-----END AGE ENCRYPTED FILE-----\\n\n"
                + "age__list_0__map_recipient = age1abc\n"
                + "lastmodified               = 2026-05-22T20:15:58Z\n"
                + "mac                        = ENC[m]\n"
                + "version                    = 3.13.2\n", out);
        Store.EncryptedDocuments back = store.loadEncrypted(out.getBytes(StandardCharsets.UTF_8));
        assertEquals(docs.get(0), back.documents().get(0));
        assertEquals(meta, back.metadata());
        // the 3.13.0/3.13.1 form: raw newlines in """
        String raw = "[foo]\nbar = ENC[b]\n\n[sops]\n"
                + "age__list_0__map_enc       = \"\"\"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n\"\"\"\n"
                + "age__list_0__map_recipient = age1abc\n"
                + "lastmodified               = 2026-05-22T20:15:58Z\n"
                + "mac                        = ENC[m]\n"
                + "version                    = 3.13.2\n";
        assertEquals(meta, store.loadEncrypted(raw.getBytes(StandardCharsets.UTF_8)).metadata());
        assertNull(store.loadEncrypted("[a]\nb=c\n".getBytes(StandardCharsets.UTF_8)).metadata());
    }

    @Test
    void hasMetadataKeyIsASopsSection() {
        assertTrue(store.hasMetadataKey(List.of(load("[sops]\nversion=1\n"))));
        assertFalse(store.hasMetadataKey(List.of(load("sops=1\n[a]\nsops=2\n"))));
    }

    @Test
    void emitValue() {
        assertArrayEquals("v a l".getBytes(StandardCharsets.UTF_8), store.emitValue("v a l"));
        assertArrayEquals("[s]\nk = v\n".getBytes(StandardCharsets.UTF_8),
                store.emitValue(new Branch().add("s", new Branch().add("k", "v"))));
        // sops' INI store marshals other values with encoding/json
        assertArrayEquals("[1,\"a\"]".getBytes(StandardCharsets.UTF_8), store.emitValue(List.of(1L, "a")));
    }

    @Test
    void aSectionValueMustBeAMap() {
        SopsException e = assertThrows(SopsException.class, () -> emit(new Branch().add("s", "not a map")));
        assertEquals(ExitCodes.ERROR_DUMPING_TREE, e.exitCode());
        assertFalse(e.getMessage().contains("not a map"));
    }

    @Test
    void classicExampleWithTrailingSpacesAndQuotedValue() {
        Branch b = load("\n; last modified 1 April 2001 by John Doe\n[owner]\nname=John Doe\norganization=Acme Widgets Inc.\n\n"
                + "[database]\n; use IP address in case network name resolution is not working\nserver=192.0.2.62     \n"
                + "port=143\nfile=\"payroll.dat\"\n");
        assertEquals(new Branch()
                .add("DEFAULT", new Branch())
                .add("owner", new Branch().addComment(new Comment("last modified 1 April 2001 by John Doe"))
                        .add("name", "John Doe").add("organization", "Acme Widgets Inc."))
                .add("database", new Branch().add("server", "192.0.2.62")
                        .addComment(new Comment("use IP address in case network name resolution is not working"))
                        .add("port", "143").add("file", "payroll.dat")), b);
        assertEquals("; last modified 1 April 2001 by John Doe\n[owner]\nname         = John Doe\n"
                + "organization = Acme Widgets Inc.\n\n[database]\n"
                + "; use IP address in case network name resolution is not working\nserver = 192.0.2.62\n"
                + "port   = 143\nfile   = payroll.dat\n", emit(b));
    }
}
