package dev.secrets.cli.service;

import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.List;

/**
 * Dotenv lines that sops keeps verbatim but docker compose reads differently: {@code export KEY=}
 * (sops' key is "export KEY") and spaces around {@code =} (sops keeps them in the key and value).
 * Only key names are reported.
 */
final class DotenvLint {
    private DotenvLint() {
    }

    static List<Finding> check(String path, Branch doc) {
        List<Finding> out = new ArrayList<>();
        for (Branch.Item item : doc) {
            if (item.isComment()) {
                continue;
            }
            String key = item.key().toString();
            String name = key.strip();
            if (name.startsWith("export ") || name.startsWith("export\t")) {
                out.add(Finding.warning(path, "line '" + name + "=': 'export ' is part of the key for sops "
                        + "but dropped by docker compose; remove it"));
                continue;
            }
            boolean spaceBefore = !key.isEmpty() && Character.isWhitespace(key.charAt(key.length() - 1));
            boolean spaceAfter = item.value() instanceof String v && !v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(0) == '\t');
            if (spaceBefore || spaceAfter) {
                out.add(Finding.warning(path, "key '" + name + "': spaces around '=' (sops keeps them in the "
                        + "key/value, docker compose trims them); write KEY=value"));
            }
        }
        return out;
    }
}
