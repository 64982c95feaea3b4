package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;

/**
 * sops' options for key types this tool cannot write (KMS, GCP KMS, Azure Key Vault, Vault transit,
 * HuaweiCloud KMS, and pgp for encryption), declared so that each answers with what it is rather
 * than "unknown option", and so that help and completion list them as not supported.
 */
public final class UnsupportedKeyOptions implements Syntax.Part {
    private final String prefix;
    private final boolean pgp;

    /**
     * @param prefix "" for encrypt/edit ({@code --kms}), "add-" and "rm-" for rotate ({@code --add-kms})
     * @param pgp whether the pgp option is among them (rotate declares its pgp forms itself)
     */
    public UnsupportedKeyOptions(String prefix, boolean pgp) {
        this.prefix = prefix;
        this.pgp = pgp;
    }

    @Override
    public void declareIn(Syntax syntax) {
        String[][] options = {
            {"kms", "AWS KMS"}, {"gcp-kms", "GCP KMS"}, {"azure-kv", "Azure Key Vault"},
            {"hc-vault-transit", "HashiCorp Vault transit"}, {"hckms", "HuaweiCloud KMS"},
        };
        for (String[] o : options) {
            String name = "--" + prefix + o[0];
            syntax.option(name, "KEYS", "not supported (" + o[1] + "): answers with an error", v -> refuse(name, o[1]));
        }
        if (pgp) {
            syntax.option("-p, --pgp", "FINGERPRINTS", "not supported for writing: pgp files are read through gpg, "
                    + "written for age", v -> refuse("--pgp", "PGP encryption"));
        }
        if (prefix.isEmpty()) {
            syntax.option("--aws-profile", "NAME", "not supported (AWS KMS): answers with an error", v -> refuse("--aws-profile", "AWS KMS"))
                    .option("--encryption-context", "PAIRS", "not supported (AWS KMS): answers with an error",
                            v -> refuse("--encryption-context", "AWS KMS"));
        }
    }

    private static void refuse(String option, String what) {
        throw new SopsException(ExitCodes.ERROR_GENERIC, option + " is not supported: " + what
                + " keys cannot be used here; use age recipients (--age, .sops.yaml)");
    }
}
