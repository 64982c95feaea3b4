package dev.secrets.sops.metadata;

import dev.secrets.sops.SopsException;
import java.util.List;

/**
 * Which values get encrypted: at most one of sops' six options. {@link #NONE} is the binary store's
 * "no option written" (3.11+); readers treat a missing option as {@code unencrypted_suffix:
 * _unencrypted}.
 */
public record Selection(Kind kind, String value) {
    public enum Kind {
        UNENCRYPTED_SUFFIX("unencrypted_suffix"),
        ENCRYPTED_SUFFIX("encrypted_suffix"),
        UNENCRYPTED_REGEX("unencrypted_regex"),
        ENCRYPTED_REGEX("encrypted_regex"),
        UNENCRYPTED_COMMENT_REGEX("unencrypted_comment_regex"),
        ENCRYPTED_COMMENT_REGEX("encrypted_comment_regex"),
        NONE("");

        public final String key;

        Kind(String key) {
            this.key = key;
        }

        public static Kind byKey(String key) {
            for (Kind k : values()) {
                if (k != NONE && k.key.equals(key)) {
                    return k;
                }
            }
            return null;
        }
    }

    public static final String DEFAULT_SUFFIX = "_unencrypted";
    public static final Selection DEFAULT = new Selection(Kind.UNENCRYPTED_SUFFIX, DEFAULT_SUFFIX);
    public static final Selection NONE = new Selection(Kind.NONE, "");

    /**
     * Compiled regex for the regex kinds, in Go's RE2 syntax as sops reads it.
     *
     * @throws SopsException when the value is no valid regular expression (it comes from a file)
     */
    public GoRegex pattern() {
        return switch (kind) {
            case UNENCRYPTED_REGEX, ENCRYPTED_REGEX, UNENCRYPTED_COMMENT_REGEX, ENCRYPTED_COMMENT_REGEX ->
                    compile(kind.key, value);
            default -> null;
        };
    }

    /**
     * A regular expression read from a file or the command line; an invalid one is a SopsException
     * naming the option and the problem.
     */
    public static GoRegex compile(String option, String regex) {
        return GoRegex.compile(option, regex);
    }

    /** The message sops prints when more than one option is given. */
    public static String conflictMessage() {
        return "cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, "
                + "unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex";
    }

    public static List<String> keys() {
        return List.of("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex",
                "unencrypted_comment_regex", "encrypted_comment_regex");
    }
}
