package dev.secrets.sops.internal;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.DataKeysWipeTest.Hex;
import dev.secrets.sops.internal.DataKeysWipeTest.Opener;
import dev.secrets.sops.keys.DecryptionOrder;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.shamir.Shamir;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data key and its key groups as SOPS-FORMAT.md §4.1, §4.4-4.6 say: 32 random bytes; one group
 * wraps the key itself, several wrap Shamir shares (group i's keys all wrap share i, x = i + 1); on
 * reading, every group is tried, age before pgp before the rest, and fewer opened groups than the
 * threshold (0: all) is exit 128.
 */
class DataKeysSpecTest {
    private static byte[] share(StoredKey key) {
        return HexFormat.of().parseHex(key.enc());
    }

    @Test
    void generatedKeysAre32RandomBytes() {
        byte[] a = DataKeys.generate();
        byte[] b = DataKeys.generate();
        assertEquals(32, a.length);
        assertTrue(!java.util.Arrays.equals(a, b) && !DataKeysWipeTest.zero(a));
    }

    @Test
    void oneGroupWrapsTheKeyForEveryRecipient() {
        byte[] key = DataKeys.generate();
        List<KeyGroup> groups = DataKeys.wrap(key, List.of(List.of(new Hex("a"), new Hex("b"))), 0);
        assertEquals(1, groups.size());
        assertEquals(List.of("a", "b"), groups.get(0).keys().stream().map(StoredKey::id).toList());
        groups.get(0).keys().forEach(k -> assertArrayEquals(key, share(k)));
    }

    @Test
    void severalGroupsWrapOneShareEach() {
        byte[] key = DataKeys.generate();
        List<KeyGroup> groups = DataKeys.wrap(key,
                List.of(List.of(new Hex("a1"), new Hex("a2")), List.of(new Hex("b")), List.of(new Hex("c"))), 0);
        assertEquals(3, groups.size());
        for (int i = 0; i < 3; i++) {
            byte[] first = share(groups.get(i).keys().get(0));
            assertEquals(33, first.length);
            assertEquals(i + 1, first[32], "x of group " + i);
            groups.get(i).keys().forEach(k -> assertArrayEquals(first, share(k), "every key of a group wraps its share"));
        }
        // threshold 0 means every group: two shares are not enough, three are
        List<byte[]> all = new ArrayList<>();
        groups.forEach(g -> all.add(share(g.keys().get(0))));
        assertArrayEquals(key, Shamir.combine(all));
        assertTrue(!java.util.Arrays.equals(key, Shamir.combine(all.subList(0, 2))));

        List<KeyGroup> two = DataKeys.wrap(key, List.of(List.of(new Hex("a")), List.of(new Hex("b")), List.of(new Hex("c"))), 2);
        assertArrayEquals(key, Shamir.combine(List.of(share(two.get(2).keys().get(0)), share(two.get(0).keys().get(0)))));
    }

    @Test
    void wrappingRefusesWhatSopsRefuses() {
        byte[] key = DataKeys.generate();
        assertRefused(ExitCodes.ERROR_GENERIC, "Could not generate data key: no key groups provided",
                () -> DataKeys.wrap(key, List.of(), 0));
        assertRefused(ExitCodes.ERROR_GENERIC, "Could not generate data key: [empty key group provided]",
                () -> DataKeys.wrap(key, List.of(List.of(new Hex("a")), List.of()), 0));
        List<List<Recipient>> three = List.of(List.of(new Hex("a")), List.of(new Hex("b")), List.of(new Hex("c")));
        for (int t : new int[] {1, 4}) {
            assertRefused(ExitCodes.ERROR_GENERIC, "Could not split data key: shamir threshold " + t
                    + " must be between 2 and the number of key groups (3)", () -> DataKeys.wrap(key, three, t));
        }
        DataKeys.wrap(key, three, 3);
        DataKeys.wrap(key, three, 2);
    }

    @Test
    void openingNeedsThresholdGroups() {
        byte[] key = DataKeys.generate();
        List<KeyGroup> groups = DataKeys.wrap(key, List.of(List.of(new Hex("a")), List.of(new Hex("b")), List.of(new Hex("c"))), 2);
        assertArrayEquals(key, DataKeys.open(DataKeysWipeTest.metadata(groups, 2), List.of(new Opener("a", "b", "c"))));
        assertArrayEquals(key, DataKeys.open(DataKeysWipeTest.metadata(groups, 2), List.of(new Opener("c"), new Opener("b"))));
        SopsException e = assertRefused(ExitCodes.COULD_NOT_RETRIEVE_KEY, null,
                () -> DataKeys.open(DataKeysWipeTest.metadata(groups, 2), List.of(new Opener("b"))));
        assertEquals("Failed to get the data key required to decrypt the SOPS file: only 1 of the 2 key groups needed"
                + " could be opened; test opener", e.getMessage());
        // a threshold of 0 in the file means every group
        List<KeyGroup> all = DataKeys.wrap(key, List.of(List.of(new Hex("a")), List.of(new Hex("b")), List.of(new Hex("c"))), 0);
        assertTrue(assertRefused(ExitCodes.COULD_NOT_RETRIEVE_KEY, null, () -> DataKeys.open(
                DataKeysWipeTest.metadata(all, 0), List.of(new Opener("a", "b")))).getMessage().contains("only 2 of the 3"));
        assertArrayEquals(key, DataKeys.open(DataKeysWipeTest.metadata(all, 0), List.of(new Opener("a", "b", "c"))));
        // shares that do not fit together (a share of another length) are exit 128, not a crash
        List<KeyGroup> odd = List.of(groups.get(0), new KeyGroup(List.of(StoredKey.age("b", "00ff02"))));
        assertRefused(ExitCodes.COULD_NOT_RETRIEVE_KEY, "Could not combine Shamir shares: all parts must be the same length",
                () -> DataKeys.open(DataKeysWipeTest.metadata(odd, 2), List.of(new Opener("a", "b"))));
    }

    @Test
    void noIdentityOpeningTheKeyIsExit128NamingTypesIdentitiesAndProblems() {
        byte[] key = DataKeys.generate();
        List<KeyGroup> groups = DataKeys.wrap(key, List.of(List.of(new Hex("a"))), 0);
        List<KeyGroup> mixed = List.of(new KeyGroup(List.of(new StoredKey("pgp", new Branch().add("fp", "F1").add("enc", "x")),
                groups.get(0).keys().get(0))));
        assertRefused(ExitCodes.COULD_NOT_RETRIEVE_KEY, "Failed to get the data key required to decrypt the SOPS file: "
                + "no identity opens any of its keys (pgp, age); no identities loaded",
                () -> DataKeys.open(DataKeysWipeTest.metadata(mixed, 0), List.of()));
        Identity broken = new Identity() {
            @Override
            public byte[] unwrap(StoredKey k) {
                throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, "corrupt " + k.id());
            }

            @Override
            public String describe() {
                return "broken identity";
            }
        };
        assertRefused(ExitCodes.COULD_NOT_RETRIEVE_KEY, "Failed to get the data key required to decrypt the SOPS file: "
                + "no identity opens any of its keys (pgp, age); test opener; broken identity; corrupt a; corrupt F1",
                () -> DataKeys.open(DataKeysWipeTest.metadata(mixed, 0), List.of(new Opener("z"), broken)));
        // an identity that fails on one key does not stop another from opening the next
        assertArrayEquals(key, DataKeys.open(DataKeysWipeTest.metadata(mixed, 0), List.of(broken, new Opener("a"))));
    }

    /** Inside a group: age keys first, then pgp, then the rest, each kind in file order. */
    @Test
    void keysOfAGroupAreTriedAgeThenPgpThenTheRest() {
        assertEquals(List.of("age:a1", "age:a2", "pgp:p1", "pgp:p2", "kms:k1", "hc_vault:v1"), triedInOrder(List.of()));
    }

    /**
     * {@code --decryption-order} replaces the default (sops' sortKeyGroupIndices): the listed types
     * first in the order given, every other key after them in the file's order (not age first).
     */
    @Test
    void aDecryptionOrderPutsItsTypesFirstAndLeavesTheRestInFileOrder() {
        assertEquals(List.of("hc_vault:v1", "pgp:p1", "pgp:p2", "kms:k1", "age:a1", "age:a2"),
                triedInOrder(List.of(DecryptionOrder.parse("hc_vault,pgp"))));
    }

    /**
     * The keys of one group (kms, pgp, age, vault, pgp, age in file order) as an identity that opens
     * none of them is offered them, after {@code first} in the identities list.
     */
    private static List<String> triedInOrder(List<Identity> first) {
        List<String> tried = new ArrayList<>();
        Identity recorder = new Identity() {
            @Override
            public byte[] unwrap(StoredKey k) {
                tried.add(k.type() + ":" + k.id());
                return null;
            }

            @Override
            public String describe() {
                return "recorder";
            }
        };
        List<StoredKey> keys = List.of(key("kms", "arn", "k1"), key("pgp", "fp", "p1"), key("age", "recipient", "a1"),
                key("hc_vault", "vault_address", "v1"), key("pgp", "fp", "p2"), key("age", "recipient", "a2"));
        List<Identity> identities = new ArrayList<>(first);
        identities.add(recorder);
        assertThrows(SopsException.class, () -> DataKeys.open(DataKeysWipeTest.metadata(List.of(new KeyGroup(keys)), 0),
                identities));
        return tried;
    }

    private static StoredKey key(String type, String idField, String id) {
        return new StoredKey(type, new Branch().add(idField, id).add("enc", "00"));
    }

    private static SopsException assertRefused(int code, String message, org.junit.jupiter.api.function.Executable body) {
        SopsException e = assertThrows(SopsException.class, body);
        assertEquals(code, e.exitCode(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }
}
