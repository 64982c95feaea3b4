package dev.secrets.sops.stores;

import dev.secrets.sops.stores.dotenv.DotenvStore;
import dev.secrets.sops.stores.ini.IniStore;
import dev.secrets.sops.stores.json.BinaryStore;
import dev.secrets.sops.stores.json.JsonStore;
import dev.secrets.sops.stores.yaml.YamlStore;

/** The store for a format, with the indentation settings of {@code .sops.yaml} (sops' defaults otherwise). */
public final class Stores {
    private Stores() {
    }

    public static Store of(Format format) {
        return of(format, 4, -1, -1);
    }

    public static Store of(Format format, int yamlIndent, int jsonIndent, int jsonBinaryIndent) {
        return switch (format) {
            case YAML -> new YamlStore(yamlIndent);
            case JSON -> new JsonStore(jsonIndent);
            case DOTENV -> new DotenvStore();
            case INI -> new IniStore();
            case BINARY -> new BinaryStore(jsonBinaryIndent);
        };
    }
}
