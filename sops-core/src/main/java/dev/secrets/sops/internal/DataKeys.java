package dev.secrets.sops.internal;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.DecryptionOrder;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.shamir.Shamir;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Creating, wrapping and recovering a file's 32-byte data key (sops.go GetDataKey, UpdateMasterKeys). */
public final class DataKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DataKeys() {
    }

    public static byte[] generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Wraps the data key for every recipient: one group gets the whole key; with several groups the
     * key is split with Shamir and group i's keys wrap share i.
     *
     * @param threshold 0 means all groups
     */
    public static List<KeyGroup> wrap(byte[] dataKey, List<List<Recipient>> groups, int threshold) {
        if (groups.isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "Could not generate data key: no key groups provided");
        }
        for (List<Recipient> g : groups) {
            if (g.isEmpty()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "Could not generate data key: [empty key group provided]");
            }
        }
        byte[][] parts;
        if (groups.size() == 1) {
            parts = new byte[][] {dataKey};
        } else {
            int t = threshold == 0 ? groups.size() : threshold;
            if (t < 2 || t > groups.size()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "Could not split data key: shamir threshold " + t
                        + " must be between 2 and the number of key groups (" + groups.size() + ")");
            }
            parts = Shamir.split(dataKey, groups.size(), t);
        }
        List<KeyGroup> out = new ArrayList<>();
        try {
            for (int i = 0; i < groups.size(); i++) {
                List<StoredKey> keys = new ArrayList<>();
                for (Recipient r : groups.get(i)) {
                    keys.add(r.wrap(parts[i]));
                }
                out.add(new KeyGroup(keys));
            }
        } finally {
            if (groups.size() > 1) {
                wipe(List.of(parts)); // the shares: any threshold of them is the key (one group: parts[0] is the caller's key)
            }
        }
        return out;
    }

    private static void wipe(List<byte[]> arrays) {
        for (byte[] a : arrays) {
            Arrays.fill(a, (byte) 0);
        }
    }

    /**
     * Recovers the data key with the given identities: every group is tried; inside a group, age keys
     * first, then pgp, then the rest; the first key an identity opens gives the group's part.
     */
    public static byte[] open(Metadata md, List<Identity> identities) {
        List<byte[]> parts = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        for (KeyGroup group : md.keyGroups()) {
            byte[] part = openGroup(group, identities, problems);
            if (part != null) {
                parts.add(part);
            }
        }
        if (md.keyGroups().size() == 1) {
            if (parts.isEmpty()) {
                throw noKey(md, identities, problems);
            }
            return parts.get(0);
        }
        int threshold = md.shamirThreshold() == 0 ? md.keyGroups().size() : md.shamirThreshold();
        try {
            if (parts.size() < threshold) {
                throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, "Failed to get the data key required to decrypt "
                        + "the SOPS file: only " + parts.size() + " of the " + threshold + " key groups needed could be opened"
                        + details(identities, problems));
            }
            return Shamir.combine(parts);
        } catch (IllegalArgumentException e) {
            throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, "Could not combine Shamir shares: " + e.getMessage());
        } finally {
            wipe(parts); // the shares, combined or not: the caller gets only the key
        }
    }

    /** age first (no agent, no prompt), then pgp, then the rest. */
    private static int tryOrder(StoredKey key) {
        return key.type().equals(StoredKey.AGE) ? 0 : key.type().equals(StoredKey.PGP) ? 1 : 2;
    }

    /** The --decryption-order among the identities (the last one given), or null. */
    private static DecryptionOrder decryptionOrder(List<Identity> identities) {
        DecryptionOrder order = null;
        for (Identity id : identities) {
            if (id instanceof DecryptionOrder o) {
                order = o;
            }
        }
        return order;
    }

    // A plain lambda sorts, not Comparator.comparingInt: that one makes the JVM generate a class at
    // every start, which no JDK 17 class-data archive keeps.
    private static byte[] openGroup(KeyGroup group, List<Identity> identities, Set<String> problems) {
        List<StoredKey> ordered = new ArrayList<>(group.keys());
        DecryptionOrder order = decryptionOrder(identities);
        if (order == null) {
            ordered.sort((a, b) -> Integer.compare(tryOrder(a), tryOrder(b)));
        } else {
            // --decryption-order replaces the default, as sops' sortKeyGroupIndices: listed types
            // first, the rest after them in file order (a stable sort of the file's order)
            ordered.sort((a, b) -> Integer.compare(order.rank(a.type()), order.rank(b.type())));
        }
        for (StoredKey key : ordered) {
            for (Identity id : identities) {
                try {
                    byte[] part = id.unwrap(key);
                    if (part != null) {
                        return part;
                    }
                } catch (SopsException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return null;
    }

    private static SopsException noKey(Metadata md, List<Identity> identities, Set<String> problems) {
        Set<String> types = new LinkedHashSet<>();
        md.keyGroups().forEach(g -> g.keys().forEach(k -> types.add(k.type())));
        return new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, "Failed to get the data key required to decrypt the "
                + "SOPS file: no identity opens any of its keys (" + String.join(", ", types) + ")"
                + details(identities, problems));
    }

    private static String details(List<Identity> identities, Set<String> problems) {
        StringBuilder sb = new StringBuilder();
        if (identities.isEmpty()) {
            sb.append("; no identities loaded");
        } else {
            identities.forEach(i -> {
                if (!(i instanceof DecryptionOrder)) {
                    sb.append("; ").append(i.describe());
                }
            });
        }
        for (String p : problems) {
            sb.append("; ").append(p);
        }
        return sb.toString();
    }
}
