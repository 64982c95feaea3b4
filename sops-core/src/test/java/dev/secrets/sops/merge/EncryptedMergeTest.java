package dev.secrets.sops.merge;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.TestKey;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static dev.secrets.sops.merge.MergeFixtures.assertLineDiff;
import static dev.secrets.sops.merge.MergeFixtures.edit;
import static dev.secrets.sops.merge.MergeFixtures.encrypt;
import static dev.secrets.sops.merge.MergeFixtures.open;
import static dev.secrets.sops.merge.MergeFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging encrypted files end to end: real encryption, MACs, stores and line layout. */
class EncryptedMergeTest {
    static final String DOTENV = """
            # service settings
            DB_HOST=db.internal
            DB_PASSWORD=base-db-secret
            API_TOKEN=base-token
            note_unencrypted=plain text
            LAST=end
            """;

    static final String YAML = """
            # database settings
            db:
                host: db.internal
                password: base-db-secret
                port: 5432
            api:
                # rotates monthly
                token: base-token
            hosts:
                - a
                - b
            """;

    final TestKey key = TestKey.generate();
    final List<Identity> ids = List.of(key);

    EncryptedMerge.Result merge(Format format, byte[] base, byte[] ours, byte[] theirs) {
        return new EncryptedMerge(Stores.of(format), ids).merge(base, ours, theirs);
    }

    @Test
    void dotenvChangesToDifferentKeysMergeAsOneLineEach() {
        byte[] base = encrypt(DOTENV, Format.DOTENV, key);
        byte[] ours = edit(base, Format.DOTENV, ids, d -> d.put("DB_PASSWORD", "ours-db-secret"));
        byte[] theirs = edit(base, Format.DOTENV, ids, d -> {
            d.put("API_TOKEN", "theirs-token");
            d.items().add(d.indexOf("API_TOKEN") + 1, new Branch.Item("API_URL", "https://api"));
        });

        EncryptedMerge.Result r = merge(Format.DOTENV, base, ours, theirs);

        assertTrue(r.isClean(), () -> "conflicts " + r.conflicts());
        assertEquals(Map.of("DB_HOST", "db.internal", "DB_PASSWORD", "ours-db-secret", "API_TOKEN", "theirs-token",
                "API_URL", "https://api", "note_unencrypted", "plain text", "LAST", "end"), open(r.merged(), Format.DOTENV, ids));
        assertLineDiff(ours, r.merged(), List.of("API_TOKEN"),
                List.of("API_TOKEN", "API_URL"));
        String merged = text(r.merged());
        assertTrue(merged.indexOf("API_TOKEN=") < merged.indexOf("API_URL=") && merged.indexOf("API_URL=") < merged.indexOf("note_unencrypted="),
                "the added key sits where theirs put it");
    }

    @Test
    void yamlNestedChangesAndAnAddedCommentMergeAsOneLineEach() {
        byte[] base = encrypt(YAML, Format.YAML, key);
        byte[] ours = edit(base, Format.YAML, ids, d -> ((Branch) d.get("db")).put("password", "ours-db-secret"));
        byte[] theirs = edit(base, Format.YAML, ids, d -> {
            ((Branch) d.get("api")).put("token", "theirs-token");
            ((Branch) d.get("db")).addComment(new Comment(" the application's login")).add("user", "app");
        });

        EncryptedMerge.Result r = merge(Format.YAML, base, ours, theirs);

        assertTrue(r.isClean(), () -> "conflicts " + r.conflicts());
        Map<String, Object> plain = open(r.merged(), Format.YAML, ids);
        assertEquals(Map.of("host", "db.internal", "password", "ours-db-secret", "port", 5432L, "user", "app"), plain.get("db"));
        assertEquals(Map.of("token", "theirs-token"), plain.get("api"));
        assertEquals(List.of("a", "b"), plain.get("hosts"));
        assertLineDiff(ours, r.merged(), List.of("token"),
                List.of("token", "#", "user"));
        try (DecryptedFile merged = Sops.decrypt(r.merged(), Format.YAML, ids)) {
            Branch db = (Branch) merged.documents().get(0).get("db");
            assertEquals(new Comment(" the application's login"), db.items().get(db.indexOf("user") - 1).key());
        }
    }

    @Test
    void aRealConflictNamesTheKeyAndWritesNothing() {
        byte[] base = encrypt(YAML, Format.YAML, key);
        byte[] ours = edit(base, Format.YAML, ids, d -> ((Branch) d.get("db")).put("password", "ours-db-secret"));
        byte[] theirs = edit(base, Format.YAML, ids, d -> {
            ((Branch) d.get("db")).put("password", "theirs-db-secret");
            d.remove("hosts");
        });
        byte[] oursBefore = ours.clone();

        EncryptedMerge.Result r = merge(Format.YAML, base, ours, theirs);

        assertFalse(r.isClean());
        assertNull(r.merged());
        assertEquals(List.of("[\"db\"][\"password\"]"), r.conflicts().stream().map(Conflict::path).toList());
        String report = r.conflicts() + " " + r.notes();
        for (String secret : List.of("base-db-secret", "ours-db-secret", "theirs-db-secret")) {
            assertFalse(report.contains(secret), "a value in the report: " + report);
        }
        assertEquals(text(oursBefore), text(ours), "ours is not touched");
    }

    @Test
    void aSideWithABrokenMacIsRefusedByName() {
        byte[] base = encrypt(DOTENV, Format.DOTENV, key);
        byte[] ours = edit(base, Format.DOTENV, ids, d -> d.put("DB_PASSWORD", "ours-db-secret"));
        byte[] theirs = edit(base, Format.DOTENV, ids, d -> d.put("API_TOKEN", "theirs-token"));
        // an unencrypted value is covered by the MAC only: changing it keeps the file readable
        byte[] tampered = text(theirs).replace("note_unencrypted=plain text", "note_unencrypted=plain test")
                .getBytes(StandardCharsets.UTF_8);
        assertFalse(text(tampered).equals(text(theirs)));

        SopsException e = assertThrows(SopsException.class, () -> merge(Format.DOTENV, base, ours, tampered));
        assertEquals(ExitCodes.MAC_MISMATCH, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot open theirs: MAC mismatch"), e.getMessage());

        SopsException onOurs = assertThrows(SopsException.class, () -> merge(Format.DOTENV, base, tampered, theirs));
        assertTrue(onOurs.getMessage().startsWith("cannot open ours: MAC mismatch"), onOurs.getMessage());
    }

    @Test
    void aSideThatIsNotASopsFileIsRefusedByName() {
        byte[] ours = encrypt(DOTENV, Format.DOTENV, key);
        byte[] theirs = edit(ours, Format.DOTENV, ids, d -> d.put("API_TOKEN", "theirs-token"));
        byte[] plain = DOTENV.getBytes(StandardCharsets.UTF_8);
        SopsException e = assertThrows(SopsException.class, () -> merge(Format.DOTENV, plain, ours, theirs));
        assertEquals("cannot open base: sops metadata not found", e.getMessage());
    }

    @Test
    void theirsRotatedToANewDataKeyStillMergesUnderOursKey() {
        byte[] base = encrypt(DOTENV, Format.DOTENV, key);
        byte[] ours = edit(base, Format.DOTENV, ids, d -> d.put("DB_PASSWORD", "ours-db-secret"));
        byte[] rotated;
        try (DecryptedFile file = Sops.decrypt(base, Format.DOTENV, ids)) {
            rotated = file.rotate(Stores.of(Format.DOTENV), List.of(List.of(key)), 0);
        }
        byte[] theirs = edit(rotated, Format.DOTENV, ids, d -> d.put("LAST", "theirs-end"));
        assertFalse(text(theirs).contains(text(ours).lines().filter(l -> l.startsWith("DB_HOST=")).findFirst().orElseThrow()),
                "theirs' values are under another data key");

        EncryptedMerge.Result r = merge(Format.DOTENV, base, ours, theirs);

        assertTrue(r.isClean());
        assertEquals(List.of(), r.notes(), "same recipients: nothing to say");
        assertEquals("theirs-end", open(r.merged(), Format.DOTENV, ids).get("LAST"));
        assertEquals("ours-db-secret", open(r.merged(), Format.DOTENV, ids).get("DB_PASSWORD"));
        // ours' wrapped data key and every ciphertext of ours stay: the result is under ours' key
        assertLineDiff(ours, r.merged(), List.of("LAST"),
                List.of("LAST"));
    }

    @Test
    void otherRecipientsOnTheirsAreNotedAndOursKept() {
        TestKey other = TestKey.generate();
        byte[] base = encrypt(DOTENV, Format.DOTENV, key);
        byte[] ours = edit(base, Format.DOTENV, ids, d -> d.put("DB_PASSWORD", "ours-db-secret"));
        byte[] rotated;
        try (DecryptedFile file = Sops.decrypt(base, Format.DOTENV, ids)) {
            rotated = file.rotate(Stores.of(Format.DOTENV), List.of(List.of(other)), 0);
        }
        List<Identity> both = List.of(key, other);
        byte[] theirs = edit(rotated, Format.DOTENV, both, d -> d.put("LAST", "theirs-end"));

        EncryptedMerge.Result r = new EncryptedMerge(Stores.of(Format.DOTENV), both).merge(base, ours, theirs);

        assertEquals(List.of("theirs is encrypted for other recipients than ours; the merged file keeps ours'"), r.notes());
        assertEquals("theirs-end", open(r.merged(), Format.DOTENV, ids).get("LAST"));
        assertThrows(SopsException.class, () -> open(r.merged(), Format.DOTENV, List.of(other)));
    }

    @Test
    void otherKeyGroupsGiveANewDataKeyForThem() {
        TestKey next = TestKey.generate();
        byte[] base = encrypt(DOTENV, Format.DOTENV, key);
        byte[] ours = edit(base, Format.DOTENV, ids, d -> d.put("DB_PASSWORD", "ours-db-secret"));
        byte[] theirs = edit(base, Format.DOTENV, ids, d -> d.put("LAST", "theirs-end"));

        EncryptedMerge.Result r = new EncryptedMerge(Stores.of(Format.DOTENV), ids)
                .withKeyGroups(List.of(List.of(next)), 0).merge(base, ours, theirs);

        Map<String, Object> plain = open(r.merged(), Format.DOTENV, List.of(next));
        assertEquals("ours-db-secret", plain.get("DB_PASSWORD"));
        assertEquals("theirs-end", plain.get("LAST"));
        SopsException e = assertThrows(SopsException.class, () -> open(r.merged(), Format.DOTENV, ids));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
    }

    @Test
    void withoutACommonAncestorAgreeingAdditionsMerge() {
        byte[] ours = encrypt("A=1\nB=ours\n", Format.DOTENV, key);
        byte[] theirs = encrypt("A=1\nC=theirs\n", Format.DOTENV, key);
        EncryptedMerge.Result r = merge(Format.DOTENV, new byte[0], ours, theirs);
        assertEquals(Map.of("A", "1", "B", "ours", "C", "theirs"), open(r.merged(), Format.DOTENV, ids));
    }
}
