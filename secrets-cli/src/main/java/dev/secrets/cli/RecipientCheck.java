package dev.secrets.cli;

import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Whether a file's recipients are those its {@code .sops.yaml} rule lists: stale ones (to remove) and missing ones. */
final class RecipientCheck {
    private RecipientCheck() {
    }

    /** "type id" of every key the file is encrypted for. */
    static Set<String> inFile(Metadata md) {
        Set<String> out = new LinkedHashSet<>();
        for (KeyGroup g : md.keyGroups()) {
            for (StoredKey k : g.keys()) {
                out.add(k.type() + " " + k.id());
            }
        }
        return out;
    }

    /** "type id" of every key the rule asks for. */
    static Set<String> inRule(CreationRule rule) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, List<String>> g : rule.keyGroups()) {
            g.forEach((type, ids) -> ids.forEach(id -> out.add(type + " " + id)));
        }
        return out;
    }

    static List<Finding> check(String path, Metadata md, CreationRule rule, String service) {
        List<Finding> out = new ArrayList<>();
        Set<String> file = inFile(md);
        Set<String> wanted = inRule(rule);
        String fix = " (run: secrets updatekeys " + service + ")";
        for (String k : file) {
            if (!wanted.contains(k)) {
                out.add(Finding.error(path, "stale recipient " + k + ": not in the .sops.yaml rule" + fix));
            }
        }
        for (String k : wanted) {
            if (!file.contains(k)) {
                out.add(Finding.error(path, "missing recipient " + k + ": in the .sops.yaml rule, not in the file" + fix));
            }
        }
        return out;
    }
}
