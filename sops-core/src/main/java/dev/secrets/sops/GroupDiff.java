package dev.secrets.sops;

import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a file's key groups differ from the wanted ones (sops common.DiffKeyGroups): group by group,
 * keys compared by their id string (age recipient, pgp fingerprint ...), so a mere reordering is no
 * change. updatekeys and validate both decide with this.
 */
public record GroupDiff(List<Key> common, List<Key> added, List<Key> removed) {

    /** A key in a group: its type ({@code age}, {@code pgp} ...) and id. */
    public record Key(String type, String id) {
        @Override
        public String toString() {
            return type + " " + id;
        }
    }

    /** The file's groups against groups of parsed recipients (what updatekeys will write). */
    public static List<GroupDiff> of(List<KeyGroup> file, List<List<Recipient>> wanted) {
        List<Map<String, Key>> want = new ArrayList<>();
        for (List<Recipient> group : wanted) {
            Map<String, Key> keys = new LinkedHashMap<>();
            group.forEach(r -> keys.put(r.id(), new Key(r.type(), r.id())));
            want.add(keys);
        }
        return diff(file, want);
    }

    /** The file's groups against a creation rule's, without parsing its keys (any key type). */
    public static List<GroupDiff> of(List<KeyGroup> file, CreationRule rule) {
        List<Map<String, Key>> want = new ArrayList<>();
        for (Map<String, List<String>> group : rule.keyGroups()) {
            Map<String, Key> keys = new LinkedHashMap<>();
            group.forEach((type, ids) -> ids.forEach(id -> keys.put(id.strip(), new Key(type, id.strip()))));
            want.add(keys);
        }
        return diff(file, want);
    }

    private static List<GroupDiff> diff(List<KeyGroup> file, List<Map<String, Key>> want) {
        List<GroupDiff> diffs = new ArrayList<>();
        for (int i = 0; i < Math.max(file.size(), want.size()); i++) {
            Map<String, Key> ours = new LinkedHashMap<>();
            if (i < file.size()) {
                for (StoredKey k : file.get(i).keys()) {
                    ours.put(k.id(), new Key(k.type(), k.id()));
                }
            }
            Map<String, Key> theirs = i < want.size() ? want.get(i) : Map.of();
            List<Key> common = new ArrayList<>();
            List<Key> removed = new ArrayList<>();
            ours.forEach((id, k) -> (theirs.containsKey(id) ? common : removed).add(k));
            List<Key> added = new ArrayList<>();
            theirs.forEach((id, k) -> {
                if (!ours.containsKey(id)) {
                    added.add(k);
                }
            });
            diffs.add(new GroupDiff(common, added, removed));
        }
        return diffs;
    }

    /** Whether any group gains or loses a key. */
    public static boolean changes(List<GroupDiff> diffs) {
        return diffs.stream().anyMatch(d -> !d.added.isEmpty() || !d.removed.isEmpty());
    }

    /** sops' PrettyPrintDiffs layout, without colours. */
    public static String render(List<GroupDiff> diffs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < diffs.size(); i++) {
            GroupDiff d = diffs.get(i);
            sb.append("Group ").append(i + 1).append('\n');
            d.common.forEach(k -> sb.append("    ").append(k.id()).append('\n'));
            d.added.forEach(k -> sb.append("+++ ").append(k.id()).append('\n'));
            d.removed.forEach(k -> sb.append("--- ").append(k.id()).append('\n'));
        }
        return sb.toString();
    }
}
