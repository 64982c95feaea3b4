package dev.secrets.sops.stores.dotenv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotenvStoreTest {
    private final DotenvStore store = new DotenvStore();

    private Branch load(String text) {
        return store.loadPlain(text.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    private String emit(Branch b) {
        return new String(store.emitPlain(List.of(b)), StandardCharsets.UTF_8);
    }

    @Test
    void keyIsEverythingBeforeTheFirstEqualsUntrimmed() {
        Branch b = load("foo = bar\nA=b=c\n");
        assertEquals(new Branch().add("foo ", " bar").add("A", "b=c"), b);
        assertEquals("foo = bar\nA=b=c\n", emit(b));
    }

    @Test
    void exportAndQuotesAreKeptVerbatim() {
        Branch b = load("export A=1\nB=\"quoted\"\nC='single'\nD=\"a\" # not a comment\n");
        assertEquals(new Branch().add("export A", "1").add("B", "\"quoted\"").add("C", "'single'")
                .add("D", "\"a\" # not a comment"), b);
    }

    @Test
    void backslashNIsANewline() {
        Branch b = load("A=line1\\nline2\n");
        assertEquals("line1\nline2", b.get("A"));
        assertEquals("A=line1\\nline2\n", emit(b));
    }

    @Test
    void commentsEmptyValuesAndBlankLines() {
        Branch b = load("# first\n\n#second\nEMPTY=\n\n\nX=1");
        assertEquals(new Branch().addComment(new Comment(" first")).addComment(new Comment("second"))
                .add("EMPTY", "").add("X", "1"), b);
        assertEquals("# first\n#second\nEMPTY=\nX=1\n", emit(b)); // blank lines are not reproduced, as sops
    }

    @Test
    void carriageReturnsStayInTheValue() {
        Branch b = load("A=\"x\"\r\nB=1\r\n");
        assertEquals(new Branch().add("A", "\"x\"\r").add("B", "1\r"), b);
    }

    @Test
    void multiLineDoubleQuotedPemValue() {
        String pem = "KEY=\"-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA\n"
                + "q1w2e3r4==\n-----END PRIVATE KEY-----\"\nNEXT=1\n";
        Branch b = load(pem);
        String value = "\"-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA\n"
                + "q1w2e3r4==\n-----END PRIVATE KEY-----\"";
        assertEquals(new Branch().add("KEY", value).add("NEXT", "1"), b);
        String written = emit(b);
        assertEquals("KEY=\"-----BEGIN PRIVATE KEY-----\\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA\\n"
                + "q1w2e3r4==\\n-----END PRIVATE KEY-----\"\nNEXT=1\n", written);
        // the one-line form reads back to the same value (what sops reads too)
        assertEquals(b, load(written));
        assertEquals(written, emit(load(written)));
    }

    @Test
    void anUnclosedQuoteIsReadAsSopsReadsIt() {
        assertEquals(new Branch().add("A", "\"abc").add("B", "1"), load("A=\"abc\nB=1\n"));
    }

    @Test
    void nonStringValuesUseSopsValToString() {
        Branch b = new Branch().add("I", 5L).add("F", 1.0).add("G", 1234567.0).add("T", true)
                .add("D", OffsetDateTime.parse("2024-01-01T00:00:00Z")).add("N", null);
        assertEquals("I=5\nF=1.0\nG=1.234567E+06\nT=true\nD=2024-01-01T00:00:00Z\nN=<nil>\n", emit(b));
    }

    @Test
    void mapsAndListsAreRefusedNamingTheKey() {
        SopsException e = assertThrows(SopsException.class,
                () -> emit(new Branch().add("NESTED", new Branch().add("x", "secret-value"))));
        assertEquals("cannot use complex value in dotenv file; offending key NESTED", e.getMessage());
        assertThrows(SopsException.class, () -> emit(new Branch().add("L", List.of("a"))));
    }

    @Test
    void invalidUtf8ValuesSurvive() {
        byte[] bytes = {'A', '=', (byte) 0xff, (byte) 0xfe, '\n'};
        List<Branch> docs = store.loadPlain(bytes);
        assertTrue(docs.get(0).get("A") instanceof RawString);
        assertArrayEquals(bytes, store.emitPlain(docs));
    }

    @Test
    void metadataIsTheSopsPrefixedKeys() {
        String file = "A=ENC[a]\n#ENC[c]\n"
                + "sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\nYWdl\\n-----END AGE ENCRYPTED FILE-----\\n\n"
                + "sops_age__list_0__map_recipient=age1abc\n"
                + "sops_lastmodified=2026-05-22T20:15:29Z\n"
                + "sops_mac=ENC[m]\n"
                + "sops_shamir_threshold=2\n"
                + "sops_version=3.13.2\n";
        Store.EncryptedDocuments docs = store.loadEncrypted(file.getBytes(StandardCharsets.UTF_8));
        assertEquals(new Branch().add("A", "ENC[a]").addComment(new Comment("ENC[c]")), docs.documents().get(0));
        Branch meta = docs.metadata();
        Branch age = (Branch) ((List<?>) meta.get("age")).get(0);
        assertEquals("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n", age.get("enc"));
        assertEquals("2", meta.get("shamir_threshold"));
        assertEquals(file, new String(store.emitEncrypted(docs.documents(), meta), StandardCharsets.UTF_8));
        assertNull(store.loadEncrypted("A=1\n".getBytes(StandardCharsets.UTF_8)).metadata());
    }

    @Test
    void dataKeysWithTheSopsPrefixAreRefusedOnWrite() {
        assertThrows(SopsException.class,
                () -> store.emitEncrypted(List.of(new Branch().add("sops_x", "1")), new Branch().add("version", "3.13.2")));
    }

    @Test
    void hasMetadataKey() {
        assertTrue(store.hasMetadataKey(List.of(load("A=1\nsops_version=3.13.2\n"))));
        assertFalse(store.hasMetadataKey(List.of(load("A=1\nsops=1\nSOPS_X=1\n"))));
    }

    @Test
    void emitValue() {
        assertArrayEquals("multi\nline".getBytes(StandardCharsets.UTF_8), store.emitValue("multi\nline"));
        assertArrayEquals("A=1\n".getBytes(StandardCharsets.UTF_8), store.emitValue(new Branch().add("A", "1")));
        SopsException e = assertThrows(SopsException.class, () -> store.emitValue(5L));
        assertEquals("the dotenv store only supports emitting strings, got int", e.getMessage());
    }
}
