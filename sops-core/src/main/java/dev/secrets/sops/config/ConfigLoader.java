package dev.secrets.sops.config;

import dev.secrets.sops.internal.ErrorText;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.metadata.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads {@code .sops.yaml} (config/config.go): creation rules, key groups, selection options, stores. */
public final class ConfigLoader {
    public static final String FILE_NAME = ".sops.yaml";
    private static final List<String> KEY_TYPES = List.of("age", "pgp", "kms", "gcp_kms", "hckms", "azure_keyvault",
            "hc_vault_transit_uri");

    private ConfigLoader() {
    }

    /**
     * Finds the config: {@code explicit} (--config) or SOPS_CONFIG; else upward from the target's folder,
     * then upward from the working directory (our decision: sops searches only the latter). Null if none.
     */
    public static Path find(Path explicit, String sopsConfigEnv, Path target, Path workingDir) {
        if (explicit != null) {
            return explicit;
        }
        if (sopsConfigEnv != null && !sopsConfigEnv.isEmpty()) {
            return Path.of(sopsConfigEnv);
        }
        List<Path> starts = new ArrayList<>();
        if (target != null) {
            Path parent = target.toAbsolutePath().normalize().getParent();
            if (parent != null) {
                starts.add(parent);
            }
        }
        starts.add(workingDir.toAbsolutePath().normalize());
        for (Path start : starts) {
            int depth = 0;
            for (Path dir = start; dir != null && depth < 100; dir = dir.getParent(), depth++) {
                Path candidate = dir.resolve(FILE_NAME);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    public static SopsConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "error loading config: cannot read " + file + ": "
                    + e.getClass().getSimpleName());
        }
        return parse(file, text);
    }

    public static SopsConfig parse(Path file, String text) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file.toString())
                    // the whole text in one read: snakeyaml-engine 2.9 fails when a surrogate pair (an
                    // emoji) straddles the end of one of its 1024-character reads
                    .setBufferSize(Math.max(1024, text.length() + 1)).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "error loading config " + file + ": invalid YAML: "
                    + firstLine(e.getMessage()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
            // snakeyaml-engine bugs on odd input (a tag with spaces, a read past its buffer)
            throw new SopsException(ExitCodes.ERROR_GENERIC, "error loading config " + file
                    + ": invalid YAML (parser failed with " + e.getClass().getSimpleName() + ")");
        }
        Map<?, ?> map = root instanceof Map<?, ?> m ? m : Map.of();
        List<CreationRule> rules = new ArrayList<>();
        Object cr = map.get("creation_rules");
        if (cr instanceof List<?> list) {
            int index = 0;
            for (Object r : list) {
                if (!(r instanceof Map<?, ?> rule)) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "error loading config " + file
                            + ": creation rule " + index + " is not a map");
                }
                rules.add(rule(file, index++, rule));
            }
        }
        Map<?, ?> stores = map.get("stores") instanceof Map<?, ?> s ? s : Map.of();
        return new SopsConfig(file, rules, indent(stores, "yaml", 4), indent(stores, "json", -1),
                indent(stores, "json_binary", -1));
    }

    private static int indent(Map<?, ?> stores, String store, int dflt) {
        if (stores.get(store) instanceof Map<?, ?> m && m.get("indent") instanceof Number n) {
            return n.intValue();
        }
        return dflt;
    }

    private static CreationRule rule(Path file, int index, Map<?, ?> rule) {
        Selection selection = null;
        for (String key : Selection.keys()) {
            Object v = rule.get(key);
            if (v != null && !v.toString().isEmpty()) {
                if (selection != null) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "error loading config " + file + ": "
                            + Selection.conflictMessage() + " for the same rule");
                }
                selection = new Selection(Selection.Kind.byKey(key), v.toString());
            }
        }
        List<Map<String, List<String>>> groups = new ArrayList<>();
        if (rule.get("key_groups") instanceof List<?> kg && !kg.isEmpty()) {
            for (Object g : kg) {
                if (g instanceof Map<?, ?> group) {
                    groups.add(group(group));
                }
            }
        } else {
            Map<String, List<String>> single = new LinkedHashMap<>();
            for (String type : KEY_TYPES) {
                List<String> keys = keyList(rule.get(type), type.equals("age"));
                if (!keys.isEmpty()) {
                    single.put(normalizeType(type), keys);
                }
            }
            if (!single.isEmpty()) {
                groups.add(single);
            }
        }
        Object threshold = rule.get("shamir_threshold");
        Object pathRegex = rule.get("path_regex");
        try {
            if (selection != null) {
                selection.pattern();
            }
            if (pathRegex != null) {
                Selection.compile("path_regex", pathRegex.toString());
            }
        } catch (SopsException e) {
            throw new SopsException(e.exitCode(), "error loading config " + file + ": creation rule " + index + ": "
                    + e.getMessage());
        }
        return new CreationRule(pathRegex == null ? null : pathRegex.toString(), groups,
                threshold instanceof Number n ? n.intValue() : 0, selection,
                Boolean.TRUE.equals(rule.get("mac_only_encrypted")));
    }

    /** A key group; {@code merge} groups are concatenated first, and keys de-duplicated (3.9+). */
    private static Map<String, List<String>> group(Map<?, ?> group) {
        Map<String, LinkedHashSet<String>> keys = new LinkedHashMap<>();
        if (group.get("merge") instanceof List<?> merges) {
            for (Object m : merges) {
                if (m instanceof Map<?, ?> merged) {
                    group(merged).forEach((t, ks) -> keys.computeIfAbsent(t, x -> new LinkedHashSet<>()).addAll(ks));
                }
            }
        }
        for (String type : List.of("age", "pgp", "kms", "gcp_kms", "hckms", "azure_keyvault", "hc_vault")) {
            List<String> list = keyList(group.get(type), type.equals("age"));
            if (!list.isEmpty()) {
                keys.computeIfAbsent(normalizeType(type), x -> new LinkedHashSet<>()).addAll(list);
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        keys.forEach((t, ks) -> out.put(t, List.copyOf(ks)));
        return out;
    }

    private static String normalizeType(String configKey) {
        return switch (configKey) {
            case "azure_keyvault" -> "azure_kv";
            case "hc_vault_transit_uri" -> "hc_vault";
            default -> configKey;
        };
    }

    /** A string ("a,b") or a list; age entries are always split on commas and trimmed. */
    private static List<String> keyList(Object value, boolean splitItems) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            split(s, out);
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s) {
                    if (splitItems) {
                        split(s, out);
                    } else if (!s.isBlank()) {
                        out.add(s.trim());
                    }
                } else if (item != null) {
                    out.add(item.toString());
                }
            }
        }
        return out;
    }

    private static void split(String s, List<String> out) {
        for (String part : s.split(",")) {
            if (!part.trim().isEmpty()) {
                out.add(part.trim());
            }
        }
    }

    private static String firstLine(String s) {
        return ErrorText.firstLine(s);
    }
}
