package dev.secrets.cli;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigResolver;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import java.nio.file.Path;

/** Options shared by the file verbs: input/output types, config, indentation, repo root. */
public final class FileOptions implements Syntax.Part {
    private final Context ctx;
    public String inputType;
    public String outputType;
    public Path config;
    public Integer indent;
    public Path root;
    public String filenameOverride;
    private ConfigResolver configs;
    /** What --input-type/--output-type take ({@link Format#parse}), offered by shell completion. */
    private static final String[] STORE_TYPES = {"yaml", "json", "dotenv", "ini", "binary"};

    public FileOptions(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void declareIn(Syntax syntax) {
        syntax.option("--input-type", "TYPE", "yaml, json, dotenv, ini or binary (default: from the file name)", v -> inputType = v)
                .choices(STORE_TYPES)
                .option("--output-type", "TYPE", "yaml, json, dotenv, ini or binary (default: from the file name)", v -> outputType = v)
                .choices(STORE_TYPES)
                .option("--config", "FILE", "the .sops.yaml to use (default: searched upward; SOPS_CONFIG)", v -> config = ctx.path(v))
                .option("--indent", "N", "indentation of YAML/JSON output", v -> indent = Integer.valueOf(v))
                .option("--root", "DIR", "repo root for service names (default: SECRETS_ROOT, or the nearest folder upward holding .sops.yaml)",
                        v -> root = ctx.path(v))
                .option("--filename-override", "NAME", "use this name for type inference and config rules", v -> filenameOverride = v)
                .option("--decryption-order", "TYPES", "key types tried first in each key group, e.g. pgp,age (SOPS_DECRYPTION_ORDER)",
                        ctx::decryptionOrder);
    }

    public Format inputFormat(Path file) {
        Format f = Format.parse(inputType);
        return f != null ? f : Format.ofPath(nameFor(file));
    }

    /** sops: the output type defaults to the file name's type, not to the input type. */
    public Format outputFormat(Path file) {
        Format f = Format.parse(outputType);
        return f != null ? f : Format.ofPath(nameFor(file));
    }

    public String nameFor(Path file) {
        return filenameOverride != null ? filenameOverride : file.toString();
    }

    public Store store(Format format, SopsConfig config) {
        int yaml = config == null ? 4 : config.yamlIndent();
        int json = config == null ? -1 : config.jsonIndent();
        int bin = config == null ? -1 : config.jsonBinaryIndent();
        if (indent != null) {
            yaml = indent;
            json = indent;
            bin = indent;
        }
        return Stores.of(format, yaml, json, bin);
    }

    /**
     * The store for a format, reading {@code .sops.yaml} only when its indentation settings matter
     * (YAML, JSON, binary): dotenv and INI never pay for loading the YAML parser.
     */
    public Store storeFor(Format format, Path target) {
        boolean indented = format == Format.YAML || format == Format.JSON || format == Format.BINARY;
        return store(format, indented && indent == null ? loadConfigQuietly(target) : null);
    }

    /** The {@code .sops.yaml} lookup of this run (--config, SOPS_CONFIG, upward); configs are read once. */
    public ConfigResolver configs() {
        if (configs == null) {
            configs = ctx.configs(config);
        }
        return configs;
    }

    public SopsConfig loadConfig(Path target) {
        Path found = configs().find(target);
        ctx.log(found == null ? "no .sops.yaml found for " + target : "config: " + found);
        return found == null ? null : configs().load(target);
    }

    /** Decrypt reads only the stores section: a broken or unmatched config must not stop it. */
    public SopsConfig loadConfigQuietly(Path target) {
        try {
            return loadConfig(target);
        } catch (SopsException e) {
            return null;
        }
    }
}
