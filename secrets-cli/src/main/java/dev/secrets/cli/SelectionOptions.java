package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.metadata.Selection;
import picocli.CommandLine.Option;

/** The partial-encryption flags; at most one, taking precedence over the creation rule's. */
final class SelectionOptions {
    @Option(names = "--unencrypted-suffix", paramLabel = "SUFFIX", description = "values whose key ends with it stay plaintext")
    String unencryptedSuffix;

    @Option(names = "--encrypted-suffix", paramLabel = "SUFFIX", description = "only values whose key ends with it are encrypted")
    String encryptedSuffix;

    @Option(names = "--unencrypted-regex", paramLabel = "REGEX", description = "values whose key matches stay plaintext")
    String unencryptedRegex;

    @Option(names = "--encrypted-regex", paramLabel = "REGEX", description = "only values whose key matches are encrypted")
    String encryptedRegex;

    @Option(names = "--unencrypted-comment-regex", paramLabel = "REGEX", description = "values after a matching comment stay plaintext")
    String unencryptedCommentRegex;

    @Option(names = "--encrypted-comment-regex", paramLabel = "REGEX", description = "only values after a matching comment are encrypted")
    String encryptedCommentRegex;

    @Option(names = "--mac-only-encrypted", description = "compute the MAC over encrypted values only")
    boolean macOnlyEncrypted;

    /** The selection from the flags, else the rule's, else the default; more than one is exit 8 as in sops. */
    Selection resolve(Selection fromRule) {
        Selection chosen = null;
        String[][] flags = {
            {"unencrypted_suffix", unencryptedSuffix}, {"encrypted_suffix", encryptedSuffix},
            {"unencrypted_regex", unencryptedRegex}, {"encrypted_regex", encryptedRegex},
            {"unencrypted_comment_regex", unencryptedCommentRegex}, {"encrypted_comment_regex", encryptedCommentRegex},
        };
        for (String[] flag : flags) {
            if (flag[1] != null && !flag[1].isEmpty()) {
                if (chosen != null) {
                    throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "Error: " + Selection.conflictMessage());
                }
                chosen = new Selection(Selection.Kind.byKey(flag[0]), flag[1]);
            }
        }
        if (chosen != null && fromRule != null && !fromRule.equals(chosen)
                && fromRule.kind() != chosen.kind()) {
            // sops merges flags and rule; two different options together are a conflict.
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "Error: " + Selection.conflictMessage());
        }
        if (chosen != null) {
            return chosen;
        }
        return fromRule != null ? fromRule : Selection.DEFAULT;
    }
}
