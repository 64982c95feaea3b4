package dev.secrets.cli;

/** A command line the verb cannot run: unknown option, missing parameter, bad value. Exit 2, as picocli and sops' CLI library use. */
public final class UsageException extends RuntimeException {
    public static final int EXIT_CODE = 2;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
