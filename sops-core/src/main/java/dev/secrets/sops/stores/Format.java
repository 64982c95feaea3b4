package dev.secrets.sops.stores;

import java.util.Locale;

/** The five file formats, and sops' inference of a format from a file name. */
public enum Format {
    YAML, JSON, DOTENV, INI, BINARY;

    /**
     * The format of a path as sops infers it (case-sensitive suffix), except that {@code X.enc} is
     * read as the format of {@code X} (our decision: {@code .env.enc} is dotenv).
     */
    public static Format ofPath(String path) {
        String name = path;
        if (name.endsWith(".enc") && name.length() > 4) {
            String inner = name.substring(0, name.length() - 4);
            Format innerFormat = bySuffix(inner);
            if (innerFormat != BINARY) {
                return innerFormat;
            }
        }
        return bySuffix(name);
    }

    /** sops' own rule, by suffix only. */
    public static Format bySuffix(String path) {
        if (path.endsWith(".yaml") || path.endsWith(".yml")) {
            return YAML;
        }
        if (path.endsWith(".json")) {
            return JSON;
        }
        if (path.endsWith(".env")) {
            return DOTENV;
        }
        if (path.endsWith(".ini")) {
            return INI;
        }
        return BINARY;
    }

    /** Parses a {@code --input-type}/{@code --output-type} value; null when unknown. */
    public static Format parse(String name) {
        if (name == null) {
            return null;
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "yaml": return YAML;
            case "json": return JSON;
            case "dotenv": return DOTENV;
            case "ini": return INI;
            case "binary": return BINARY;
            default: return null;
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
