package dev.secrets.sops.merge;

/**
 * One place where the two sides changed the same thing differently. Names the key, never a value.
 *
 * @param path the key in sops' path syntax ({@code ["db"]["password"]}), prefixed with
 *             {@code (document N)} in a multi-document YAML file; "" when the conflict is about
 *             the whole file
 * @param reason what each side did, e.g. "changed differently on both sides"
 */
public record Conflict(String path, String reason) {
    public Conflict {
        path = path.strip(); // the root of document N is "(document N) " before any key is appended
    }

    @Override
    public String toString() {
        return path.isEmpty() ? reason : path + ": " + reason;
    }
}
