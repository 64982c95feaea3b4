package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.stores.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recipients each file should have: the first {@code .sops.yaml} creation rule matching it.
 * Configs and parsed rules are cached, so a bulk run reads and parses each once.
 */
final class RuleKeys {
    /** What one file is checked against: its store, its rule's groups and threshold. */
    record ForFile(Store store, List<List<Recipient>> groups, int ruleThreshold) {
    }

    private final FileOptions options;
    private final Map<Path, SopsConfig> configs = new ConcurrentHashMap<>();
    private final Map<CreationRule, List<List<Recipient>>> groups = new ConcurrentHashMap<>();

    RuleKeys(FileOptions options) {
        this.options = options;
    }

    ForFile forFile(Path file) {
        SopsConfig config = config(file);
        CreationRule rule = config.ruleFor(file);
        if (rule == null || rule.keyGroups().isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "no creation rule with keys in " + config.file());
        }
        List<List<Recipient>> g = groups.computeIfAbsent(rule, KeySources::groups);
        return new ForFile(options.store(options.inputFormat(file), config), g, rule.shamirThreshold());
    }

    SopsConfig config(Path file) {
        Path found = ConfigLoader.find(options.config, System.getenv("SOPS_CONFIG"), file, Path.of(""));
        if (found == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "config file not found: " + ConfigLoader.FILE_NAME
                    + " lists the recipients every file should have");
        }
        return configs.computeIfAbsent(found.toAbsolutePath().normalize(), ConfigLoader::load);
    }
}
