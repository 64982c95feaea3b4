package dev.secrets.cli;

/** A command line the verb cannot run: unknown option, missing parameter, bad value. Exit 2, as picocli and sops' CLI library use. */
final class UsageException extends RuntimeException {
    static final int EXIT_CODE = 2;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
