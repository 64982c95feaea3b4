/**
 * git integration for sops files: {@link dev.secrets.sops.git.CommitGuard} checks the files a commit
 * stages ({@link dev.secrets.sops.git.StagedFiles} reads them from the index in one pass) for
 * plaintext secrets and broken or tampered sops files; {@link dev.secrets.sops.git.DiffText} is the
 * text a {@code textconv} diff driver shows for a sops file. The merge driver's half is
 * {@link dev.secrets.sops.merge.EncryptedMerge}.
 */
package dev.secrets.sops.git;
