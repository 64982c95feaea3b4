package dev.secrets.sops.internal;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlatteningTest {

    /** 3.13-sorted metadata with two key groups, the first holding 12 age recipients. */
    static Branch metadata() {
        List<Object> ages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ages.add(new Branch().add("enc", "-----BEGIN AGE ENCRYPTED FILE-----\nAAA" + i + "\n-----END AGE ENCRYPTED FILE-----\n")
                    .add("recipient", "age1recipient" + i));
        }
        Branch group0 = new Branch().add("age", ages).add("hc_vault", List.of());
        Branch group1 = new Branch().add("age", List.of(new Branch().add("enc", "x").add("recipient", "age1other")))
                .add("hc_vault", List.of());
        return new Branch()
                .add("key_groups", List.of(group0, group1))
                .add("lastmodified", "2026-05-22T20:15:29Z")
                .add("mac", "ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]")
                .add("mac_only_encrypted", true)
                .add("shamir_threshold", 2L)
                .add("unencrypted_suffix", "_unencrypted")
                .add("version", "3.13.2");
    }

    @Test
    void flattensInTreeOrderWithListIndexOrder() {
        List<Flattening.Pair> pairs = Flattening.flatten(metadata(), "sops_");
        List<String> keys = pairs.stream().map(Flattening.Pair::key).toList();
        assertEquals("sops_key_groups__list_0__map_age__list_0__map_enc", keys.get(0));
        assertEquals("sops_key_groups__list_0__map_age__list_0__map_recipient", keys.get(1));
        // 3.13: index order, so __list_10 comes after __list_9 (<= 3.12 sorted the strings)
        assertEquals("sops_key_groups__list_0__map_age__list_9__map_enc", keys.get(18));
        assertEquals("sops_key_groups__list_0__map_age__list_10__map_enc", keys.get(20));
        assertEquals("sops_key_groups__list_1__map_age__list_0__map_enc", keys.get(24));
        // empty lists give no line; ints decimal, bools true/false
        assertTrue(keys.stream().noneMatch(k -> k.contains("hc_vault")));
        assertTrue(pairs.contains(new Flattening.Pair("sops_shamir_threshold", "2")));
        assertTrue(pairs.contains(new Flattening.Pair("sops_mac_only_encrypted", "true")));
        assertEquals(new Flattening.Pair("sops_version", "3.13.2"), pairs.get(pairs.size() - 1));
        assertEquals(24 + 2 + 6, pairs.size());
    }

    @Test
    void unflattenOfShuffledPairsRebuildsTheSortedTree() {
        List<Flattening.Pair> pairs = new ArrayList<>(Flattening.flatten(metadata(), ""));
        Collections.shuffle(pairs, new Random(42));
        Branch back = Flattening.unflatten(pairs);
        // leaves come back as text and empty lists are gone: that is what a flat file holds
        Branch expected = metadata();
        expected.put("shamir_threshold", "2");
        expected.put("mac_only_encrypted", "true");
        for (Object group : (List<?>) expected.get("key_groups")) {
            ((Branch) group).remove("hc_vault");
        }
        assertEquals(expected, back);
        // and flattening again gives the original order
        assertEquals(Flattening.flatten(expected, ""), Flattening.flatten(back, ""));
    }

    @Test
    void unflattenSortsMapKeysAsSops() {
        Branch back = Flattening.unflatten(List.of(
                new Flattening.Pair("version", "3.13.2"),
                new Flattening.Pair("age__list_0__map_recipient", "age1x"),
                new Flattening.Pair("age__list_0__map_enc", "e"),
                new Flattening.Pair("lastmodified", "t")));
        assertEquals(List.of("age", "lastmodified", "version"),
                back.items().stream().map(Branch.Item::key).toList());
        Branch entry = (Branch) ((List<?>) back.get("age")).get(0);
        assertEquals(List.of("enc", "recipient"), entry.items().stream().map(Branch.Item::key).toList());
    }

    @Test
    void commentsAndNullsAreSkipped() {
        Branch tree = new Branch().addComment(new Comment("c")).add("a", null)
                .add("l", new ArrayList<>(List.of(new Comment("x"), "first", "second")));
        assertEquals(List.of(new Flattening.Pair("l__list_0", "first"), new Flattening.Pair("l__list_1", "second")),
                Flattening.flatten(tree, ""));
    }

    @Test
    void incompleteListIsAnError() {
        SopsException e = assertThrows(SopsException.class, () -> Flattening.unflatten(List.of(
                new Flattening.Pair("age__list_0__map_enc", "a"), new Flattening.Pair("age__list_2__map_enc", "b"))));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        assertTrue(e.getMessage().contains("Incomplete list"));
    }

    @Test
    void valueAndContainerAtOnceIsAnError() {
        SopsException e = assertThrows(SopsException.class, () -> Flattening.unflatten(List.of(
                new Flattening.Pair("age", "a"), new Flattening.Pair("age__list_0__map_enc", "b"))));
        assertTrue(e.getMessage().contains("Type mismatch"));
    }

    @Test
    void duplicateIsAnError() {
        SopsException e = assertThrows(SopsException.class, () -> Flattening.unflatten(List.of(
                new Flattening.Pair("mac", "a"), new Flattening.Pair("mac", "b"))));
        assertTrue(e.getMessage().contains("Duplicate value"));
    }

    @Test
    void tokenizesLikeSops() {
        assertEquals(List.of("key_groups", 1, "age", 0, "recipient"),
                Flattening.tokenize("key_groups__list_1__map_age__list_0__map_recipient"));
        assertEquals(List.of("plain"), Flattening.tokenize("plain"));
    }
}
