/**
 * pgp master keys for SOPS files, opened as sops opens them: through the {@code gpg} program
 * ({@code SOPS_GPG_EXEC}), which finds the secret key in {@code GNUPGHOME} or its agent. For files
 * migrated from pgp to age that still carry pgp entries.
 */
module dev.secrets.pgp {
    requires transitive dev.secrets.sops;

    exports dev.secrets.pgp;
}
