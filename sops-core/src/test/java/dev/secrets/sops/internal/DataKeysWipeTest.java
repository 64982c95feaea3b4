package dev.secrets.sops.internal;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.Selection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shamir shares are key material (any threshold of them is the data key): the arrays a recipient
 * is given to wrap and those an identity hands back are zeroed once used; a single group's part is
 * the key itself and is left to its owner.
 */
class DataKeysWipeTest {
    /** Wraps as hex in the enc field (no crypto), keeping every array it is given. */
    static final class Hex implements Recipient {
        final String id;
        final List<byte[]> given = new ArrayList<>();

        Hex(String id) {
            this.id = id;
        }

        @Override
        public String type() {
            return StoredKey.AGE;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public StoredKey wrap(byte[] dataKey) {
            given.add(dataKey);
            return StoredKey.age(id, HexFormat.of().formatHex(dataKey));
        }
    }

    /** Opens the entries of the given recipients, keeping every array it returns. */
    static final class Opener implements Identity {
        final List<String> ids;
        final List<byte[]> returned = new ArrayList<>();

        Opener(String... ids) {
            this.ids = List.of(ids);
        }

        @Override
        public byte[] unwrap(StoredKey key) {
            if (!ids.contains(key.id())) {
                return null;
            }
            byte[] part = HexFormat.of().parseHex(key.enc());
            returned.add(part);
            return part;
        }

        @Override
        public String describe() {
            return "test opener";
        }
    }

    static boolean zero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    static Metadata metadata(List<KeyGroup> groups, int threshold) {
        return new Metadata(groups, threshold, "", "", Selection.DEFAULT, false, Metadata.SOPS_VERSION);
    }

    @Test
    void sharesAreWipedAfterWrappingAndAfterCombining() {
        byte[] key = DataKeys.generate();
        byte[] copy = key.clone();
        Hex a = new Hex("a");
        Hex b = new Hex("b");
        Hex c = new Hex("c");
        List<KeyGroup> groups = DataKeys.wrap(key, List.of(List.of(a), List.of(b), List.of(c)), 2);
        assertArrayEquals(copy, key, "the caller's key is the caller's");
        for (Hex r : List.of(a, b, c)) {
            assertEquals(1, r.given.size());
            assertTrue(zero(r.given.get(0)), "share wrapped for " + r.id + " not wiped");
        }

        Opener opener = new Opener("a", "c");
        assertArrayEquals(copy, DataKeys.open(metadata(groups, 2), List.of(opener)));
        assertEquals(2, opener.returned.size());
        opener.returned.forEach(p -> assertTrue(zero(p), "share not wiped after combining"));

        Opener tooFew = new Opener("b");
        assertThrows(SopsException.class, () -> DataKeys.open(metadata(groups, 2), List.of(tooFew)));
        assertEquals(1, tooFew.returned.size());
        assertTrue(zero(tooFew.returned.get(0)), "share not wiped when too few groups open");
    }

    @Test
    void aSingleGroupsPartIsTheKeyAndIsLeftAlone() {
        byte[] key = DataKeys.generate();
        byte[] copy = key.clone();
        Hex a = new Hex("a");
        List<KeyGroup> groups = DataKeys.wrap(key, List.of(List.of(a)), 0);
        assertArrayEquals(copy, key);
        assertArrayEquals(copy, a.given.get(0));
        byte[] opened = DataKeys.open(metadata(groups, 0), List.of(new Opener("a")));
        assertArrayEquals(copy, opened);
    }
}
