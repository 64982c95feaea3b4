package dev.secrets.sops.tree;

/**
 * A comment line kept in the tree, as sops keeps it: the text after the leading {@code #} (or
 * {@code ;} in INI), leading space included. {@code inline} marks a YAML end-of-line comment.
 * In a map a comment is an item whose key is the Comment and whose value is null; in a list it is
 * an element.
 */
public record Comment(String text, boolean inline) {
    public Comment(String text) {
        this(text, false);
    }
}
