package dev.secrets.cli;

import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a file's key groups differ from a rule's (sops common.DiffKeyGroups): group by group, keys
 * compared by their string (age recipient, pgp fingerprint ...), so a mere reordering is no change.
 */
record GroupDiff(List<String> common, List<String> added, List<String> removed) {

    static List<GroupDiff> of(List<KeyGroup> file, List<List<Recipient>> rule) {
        List<GroupDiff> diffs = new ArrayList<>();
        for (int i = 0; i < Math.max(file.size(), rule.size()); i++) {
            Set<String> ours = new LinkedHashSet<>();
            if (i < file.size()) {
                file.get(i).keys().stream().map(StoredKey::id).forEach(ours::add);
            }
            Set<String> theirs = new LinkedHashSet<>();
            if (i < rule.size()) {
                rule.get(i).stream().map(Recipient::id).forEach(theirs::add);
            }
            List<String> common = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (String k : ours) {
                (theirs.contains(k) ? common : removed).add(k);
            }
            List<String> added = theirs.stream().filter(k -> !ours.contains(k)).toList();
            diffs.add(new GroupDiff(common, added, removed));
        }
        return diffs;
    }

    static boolean changes(List<GroupDiff> diffs) {
        return diffs.stream().anyMatch(d -> !d.added.isEmpty() || !d.removed.isEmpty());
    }

    /** sops' PrettyPrintDiffs layout, without colours. */
    static String render(List<GroupDiff> diffs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < diffs.size(); i++) {
            GroupDiff d = diffs.get(i);
            sb.append("Group ").append(i + 1).append('\n');
            d.common.forEach(k -> sb.append("    ").append(k).append('\n'));
            d.added.forEach(k -> sb.append("+++ ").append(k).append('\n'));
            d.removed.forEach(k -> sb.append("--- ").append(k).append('\n'));
        }
        return sb.toString();
    }
}
