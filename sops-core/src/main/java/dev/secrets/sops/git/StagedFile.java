package dev.secrets.sops.git;

/**
 * A file as the next commit would hold it: its path from the top of the work tree ({@code /}
 * separated), its size and the staged blob's bytes; {@code content} is null when the reader did not
 * keep them (larger than its limit, or of no interest to it).
 */
public record StagedFile(String path, long size, byte[] content) {
    /** The last path segment. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The folder part with its trailing slash, empty at the top. */
    public String folder() {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }
}
