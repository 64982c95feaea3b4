package dev.secrets.sops.stores.yaml;

/** A problem found while reading YAML, with its 0-based line (-1 when unknown); never holds a value. */
final class YamlLoadException extends RuntimeException {
    final int line;

    YamlLoadException(String problem, int line) {
        super(problem);
        this.line = line;
    }
}
