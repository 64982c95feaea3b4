/**
 * Three-way merge of sops files, for a git merge driver: {@link dev.secrets.sops.merge.TreeMerge}
 * merges decrypted trees key by key, {@link dev.secrets.sops.merge.EncryptedMerge} opens three
 * encrypted files, merges them and encrypts the result with ours' data key so the diff against ours
 * is one line per merged change.
 *
 * <p>Wiring it into git (the CLI command is {@code secrets git merge}):
 * <pre>
 * git config merge.sops.name "sops files, merged by key"
 * git config merge.sops.driver "secrets git merge %O %A %B %P"
 * echo '*.enc merge=sops' &gt;&gt; .gitattributes
 * </pre>
 * git passes the ancestor (%O), ours (%A, where the result goes) and theirs (%B); the driver exits
 * non-zero on a conflict and leaves %A as it was, so git reports the file as conflicted.
 */
package dev.secrets.sops.merge;
