package dev.secrets.sops.config;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which {@code .sops.yaml} governs a file, as sops finds it: {@code --config}, else
 * {@code SOPS_CONFIG}, else the nearest one upward from the file, then from the working directory.
 * Each config is read and parsed once, so a bulk run over many files pays for it once.
 */
public final class ConfigResolver {
    private final Path explicit;
    private final String sopsConfigEnv;
    private final Path workingDir;
    private final Map<Path, SopsConfig> loaded = new ConcurrentHashMap<>();
    private Consumer<Path> trustCheck = path -> { };

    /**
     * @param explicit the {@code --config} file, or null
     * @param sopsConfigEnv the value of {@code SOPS_CONFIG}, or null
     * @param workingDir where relative paths and the second upward search start
     */
    public ConfigResolver(Path explicit, String sopsConfigEnv, Path workingDir) {
        this.explicit = explicit;
        this.sopsConfigEnv = sopsConfigEnv;
        this.workingDir = workingDir;
    }

    /**
     * Runs {@code check} on every config before it is parsed (once per config); it throws to refuse
     * one. The CLI refuses configs {@link ConfigTrust} does not trust.
     */
    public ConfigResolver withTrustCheck(Consumer<Path> check) {
        this.trustCheck = check;
        return this;
    }

    /** Whether the config is chosen by --config or SOPS_CONFIG rather than found beside the files. */
    public boolean explicit() {
        return explicit != null || (sopsConfigEnv != null && !sopsConfigEnv.isEmpty());
    }

    /** The config file for a target, or null when there is none. */
    public Path find(Path target) {
        return ConfigLoader.find(explicit, sopsConfigEnv, target, workingDir);
    }

    /** The parsed config for a target, or null when there is none; a broken one is an error. */
    public SopsConfig load(Path target) {
        Path found = find(target);
        return found == null ? null : loadFile(found);
    }

    /** A given config file, parsed once and checked as every config is. */
    public SopsConfig loadFile(Path config) {
        return loaded.computeIfAbsent(config.toAbsolutePath().normalize(), p -> {
            trustCheck.accept(p);
            return ConfigLoader.load(p);
        });
    }

    /** The config for a target, which must exist: it lists the recipients every file should have. */
    public SopsConfig require(Path target) {
        SopsConfig config = load(target);
        if (config == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "config file not found: " + ConfigLoader.FILE_NAME
                    + " lists the recipients every file should have");
        }
        return config;
    }

    /** The first creation rule matching the target, which must list keys. */
    public CreationRule ruleWithKeys(Path target) {
        SopsConfig config = require(target);
        CreationRule rule = config.ruleFor(target);
        if (rule == null || rule.keyGroups().isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "no creation rule with keys in " + config.file());
        }
        return rule;
    }
}
