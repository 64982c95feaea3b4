package dev.secrets.sops.config;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.nio.file.Path;
import java.util.List;

/** A loaded {@code .sops.yaml}: its creation rules and store indentation settings. */
public record SopsConfig(Path file, List<CreationRule> creationRules, int yamlIndent, int jsonIndent,
                         int jsonBinaryIndent) {
    public SopsConfig {
        creationRules = List.copyOf(creationRules);
    }

    /**
     * The first rule matching the file (sops: first match wins), with the path made relative to the
     * config's folder when it lies below it.
     */
    public CreationRule ruleFor(Path target) {
        if (creationRules.isEmpty()) {
            return null;
        }
        String relative = relativePath(target);
        for (CreationRule rule : creationRules) {
            if (rule.matches(relative)) {
                return rule;
            }
        }
        throw new SopsException(ExitCodes.ERROR_GENERIC, "error loading config: no matching creation rules found for "
                + relative + " in " + file);
    }

    String relativePath(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = file.toAbsolutePath().normalize().getParent();
        String absText = abs.toString();
        String prefix = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
        return absText.startsWith(prefix) ? absText.substring(prefix.length()) : absText;
    }
}
