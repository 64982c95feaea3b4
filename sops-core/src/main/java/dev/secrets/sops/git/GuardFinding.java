package dev.secrets.sops.git;

/**
 * What {@link CommitGuard} has to say about one staged file: {@code REFUSED} stops the commit,
 * {@code WARNING} does not. The reason is one line and never holds a value.
 */
public record GuardFinding(String path, Severity severity, String reason) {
    public enum Severity { REFUSED, WARNING }

    public boolean refuses() {
        return severity == Severity.REFUSED;
    }

    @Override
    public String toString() {
        return severity + " " + path + ": " + reason.replace('\n', ' ').replace('\r', ' ');
    }
}
