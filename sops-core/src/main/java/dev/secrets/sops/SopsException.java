package dev.secrets.sops;

/**
 * Every error the format engine reports: a one-line message without secret values, and the exit
 * code sops uses for the same failure ({@link ExitCodes}).
 */
public class SopsException extends RuntimeException {
    private final int exitCode;

    public SopsException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public SopsException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** This error with the file named first ({@code FILE: message}), unless it names it already. */
    public SopsException withFile(java.nio.file.Path file) {
        String prefix = file + ": ";
        if (getMessage() != null && getMessage().startsWith(prefix)) {
            return this;
        }
        return new SopsException(exitCode, prefix + getMessage(), this);
    }
}
