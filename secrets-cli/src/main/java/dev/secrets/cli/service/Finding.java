package dev.secrets.cli.service;

import dev.secrets.cli.Main;

/** One problem {@code validate} found: printed as {@code SEVERITY path: message}; messages never hold values. */
record Finding(Severity severity, String path, String message) {
    enum Severity { ERROR, WARNING }

    static Finding error(String path, String message) {
        return new Finding(Severity.ERROR, path, message);
    }

    static Finding warning(String path, String message) {
        return new Finding(Severity.WARNING, path, message);
    }

    @Override
    public String toString() {
        return severity + " " + path + ": " + Main.oneLine(message);
    }
}
