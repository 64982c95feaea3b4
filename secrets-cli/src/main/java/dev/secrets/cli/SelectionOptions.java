package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.metadata.Selection;

/** The partial-encryption flags; at most one, taking precedence over the creation rule's. */
public final class SelectionOptions implements Syntax.Part {
    public String unencryptedSuffix;
    public String encryptedSuffix;
    public String unencryptedRegex;
    public String encryptedRegex;
    public String unencryptedCommentRegex;
    public String encryptedCommentRegex;
    public boolean macOnlyEncrypted;

    @Override
    public void declareIn(Syntax syntax) {
        syntax.option("--unencrypted-suffix", "SUFFIX", "values whose key ends with it stay plaintext", v -> unencryptedSuffix = v)
                .option("--encrypted-suffix", "SUFFIX", "only values whose key ends with it are encrypted", v -> encryptedSuffix = v)
                .option("--unencrypted-regex", "REGEX", "values whose key matches stay plaintext", v -> unencryptedRegex = v)
                .option("--encrypted-regex", "REGEX", "only values whose key matches are encrypted", v -> encryptedRegex = v)
                .option("--unencrypted-comment-regex", "REGEX", "values after a matching comment stay plaintext",
                        v -> unencryptedCommentRegex = v)
                .option("--encrypted-comment-regex", "REGEX", "only values after a matching comment are encrypted",
                        v -> encryptedCommentRegex = v)
                .flag("--mac-only-encrypted", "compute the MAC over encrypted values only", () -> macOnlyEncrypted = true);
    }

    /** The selection the flags ask for, or null; more than one is exit 8 as in sops. */
    public Selection chosen() {
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
        return chosen;
    }
}
