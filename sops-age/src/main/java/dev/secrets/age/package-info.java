/**
 * age master keys for SOPS files, modelled on age's Go API: a recipient and an identity.
 *
 * <ul>
 *   <li>{@link dev.secrets.age.AgeRecipient} — parse {@code age1…}, {@code age1pq1…},
 *       {@code ssh-ed25519 …}, {@code ssh-rsa …}; {@code wrap(dataKey)} gives the {@code age}
 *       metadata entry holding one armored age file with one stanza (SOPS-FORMAT §4.2).</li>
 *   <li>{@link dev.secrets.age.AgeIdentity} — one private key: {@link dev.secrets.age.X25519Identity}
 *       (jagged's stanza reader), {@link dev.secrets.age.HybridIdentity} (post-quantum
 *       {@code AGE-SECRET-KEY-PQ-1…}: HPKE with MLKEM768-X25519, ML-KEM from bouncycastle, loaded
 *       only when used), {@link dev.secrets.age.SshEd25519Identity},
 *       {@link dev.secrets.age.SshRsaIdentity} (JDK XDH, ChaCha20-Poly1305, RSA-OAEP).</li>
 *   <li>{@link dev.secrets.age.PluginIdentity} and plugin recipients {@code age1NAME1…} — the client
 *       side of the age plugin protocol, run through {@code age-plugin-NAME} on {@code PATH}.</li>
 *   <li>{@link dev.secrets.age.AgeIdentities} — the {@code Identity} of the format engine: opens
 *       an entry's {@code enc} with all identities at once.</li>
 *   <li>{@link dev.secrets.age.AgeKeyFile}, {@link dev.secrets.age.SshPrivateKeys} — parse
 *       identities texts and SSH private key files ({@link dev.secrets.age.EncryptedSshIdentity} for
 *       passphrase-protected ones, asked for only when a file needs them).</li>
 *   <li>{@link dev.secrets.age.AgeKeyDiscovery} — sops' identity sources and error collection
 *       (SOPS-FORMAT §10); {@link dev.secrets.age.AgeKeygen} — age-keygen's output.</li>
 * </ul>
 *
 * Nothing is done in static initialisers beyond constants; identities are loaded on first use.
 */
package dev.secrets.age;
