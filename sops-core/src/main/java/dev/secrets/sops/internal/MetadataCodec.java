package dev.secrets.sops.internal;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts the {@code sops} metadata map of a file to {@link Metadata} and back. Reading accepts
 * every version's layout (any key order; values typed, or strings from dotenv/INI); writing gives
 * sops 3.13's layout: every map level sorted by key.
 */
public final class MetadataCodec {
    /** Master key types in the order sops puts them inside one group (keys of other types follow). */
    private static final List<String> GROUP_ORDER = List.of("kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age");
    // A plain lambda, not Comparator.comparingInt: that one makes the JVM generate a class at every
    // start, which no JDK 17 class-data archive keeps.
    private static final Comparator<StoredKey> BY_TYPE_RANK = (a, b) -> Integer.compare(typeRank(a.type()), typeRank(b.type()));

    private MetadataCodec() {
    }

    public static Metadata fromBranch(Branch m) {
        List<KeyGroup> groups = flatGroup(m);
        if (groups.isEmpty()) {
            Object kg = m.get("key_groups");
            if (kg instanceof List<?> list) {
                for (Object g : list) {
                    if (g instanceof Branch gb) {
                        List<StoredKey> keys = keysOf(gb);
                        groups.add(new KeyGroup(keys));
                    }
                }
            }
        }
        if (groups.isEmpty() || groups.stream().allMatch(g -> g.keys().isEmpty())) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "No keys found in file");
        }
        Selection selection = null;
        for (String key : Selection.keys()) {
            Object v = m.get(key);
            if (v != null && !v.toString().isEmpty()) {
                if (selection != null) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "Cannot use more than one of encrypted_suffix, "
                            + "unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, "
                            + "or unencrypted_comment_regex in the same file");
                }
                selection = new Selection(Selection.Kind.byKey(key), v.toString());
            }
        }
        if (selection != null) {
            try {
                selection.pattern();
            } catch (SopsException e) {
                throw new SopsException(e.exitCode(), "sops metadata: " + e.getMessage());
            }
        }
        Object lastModified = m.get("lastmodified");
        if (lastModified == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata has no lastmodified");
        }
        return new Metadata(groups, intValue(m.get("shamir_threshold")), lastModified.toString(),
                stringValue(m.get("mac")), selection == null ? Selection.DEFAULT : selection,
                boolValue(m.get("mac_only_encrypted")), stringValue(m.get("version")));
    }

    /** The single group formed by the flat key lists, in sops' type order; empty when there are none. */
    private static List<KeyGroup> flatGroup(Branch m) {
        List<StoredKey> keys = new ArrayList<>();
        for (Branch.Item item : m) {
            if (item.key() instanceof String type && isKeyList(type) && item.value() instanceof List<?> list) {
                for (Object entry : list) {
                    if (entry instanceof Branch fields) {
                        keys.add(new StoredKey(type, fields));
                    }
                }
            }
        }
        List<KeyGroup> groups = new ArrayList<>();
        if (!keys.isEmpty()) {
            keys.sort(BY_TYPE_RANK);
            groups.add(new KeyGroup(keys));
        }
        return groups;
    }

    private static List<StoredKey> keysOf(Branch group) {
        List<StoredKey> keys = new ArrayList<>();
        for (Branch.Item item : group) {
            if (item.key() instanceof String type && !type.equals("merge") && item.value() instanceof List<?> list) {
                for (Object entry : list) {
                    if (entry instanceof Branch fields) {
                        keys.add(new StoredKey(type, fields));
                    }
                }
            }
        }
        keys.sort(BY_TYPE_RANK);
        return keys;
    }

    private static boolean isKeyList(String key) {
        return GROUP_ORDER.contains(key) || key.equals("azure_kv");
    }

    private static int typeRank(String type) {
        int i = GROUP_ORDER.indexOf(type);
        return i < 0 ? GROUP_ORDER.size() : i;
    }

    /** sops 3.13's layout: every level sorted by key; groups always carry {@code age} and {@code hc_vault}. */
    public static Branch toBranch(Metadata md) {
        TreeMap<String, Object> top = new TreeMap<>();
        if (md.keyGroups().size() == 1) {
            top.putAll(keysByType(md.keyGroups().get(0)));
        } else {
            List<Object> groups = new ArrayList<>();
            for (KeyGroup g : md.keyGroups()) {
                TreeMap<String, Object> group = new TreeMap<>();
                group.put("age", new ArrayList<>());
                group.put("hc_vault", new ArrayList<>());
                group.putAll(keysByType(g));
                groups.add(sorted(group));
            }
            top.put("key_groups", groups);
        }
        if (md.shamirThreshold() != 0) {
            top.put("shamir_threshold", (long) md.shamirThreshold());
        }
        top.put("lastmodified", md.lastModified());
        top.put("mac", md.mac());
        if (md.selection().kind() != Selection.Kind.NONE && !md.selection().value().isEmpty()) {
            top.put(md.selection().kind().key, md.selection().value());
        }
        if (md.macOnlyEncrypted()) {
            top.put("mac_only_encrypted", true);
        }
        top.put("version", md.version());
        return sorted(top);
    }

    private static Map<String, Object> keysByType(KeyGroup group) {
        TreeMap<String, Object> byType = new TreeMap<>();
        for (StoredKey key : group.keys()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) byType.computeIfAbsent(key.type(), t -> new ArrayList<>());
            list.add(sortedFields(key.fields()));
        }
        return byType;
    }

    private static Branch sortedFields(Branch fields) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Branch.Item item : fields) {
            if (item.key() instanceof String k) {
                sorted.put(k, item.value());
            }
        }
        return sorted(sorted);
    }

    private static Branch sorted(TreeMap<String, Object> map) {
        Branch b = new Branch();
        map.forEach(b::add);
        return b;
    }

    private static int intValue(Object v) {
        if (v == null || v.toString().isEmpty()) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata: shamir_threshold is not a number");
        }
    }

    private static boolean boolValue(Object v) {
        return v instanceof Boolean b ? b : v != null && v.toString().equalsIgnoreCase("true");
    }

    private static String stringValue(Object v) {
        return v == null ? "" : v.toString();
    }
}
