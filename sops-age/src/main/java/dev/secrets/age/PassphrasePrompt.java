package dev.secrets.age;

/**
 * Asks the user for the passphrase of an encrypted identity file or SSH private key file. The default reads it from the
 * terminal ({@link TerminalPassphrase}); a program may supply its own.
 */
@FunctionalInterface
public interface PassphrasePrompt {
    /**
     * @param location where the identity file came from ({@code SOPS_AGE_KEY_FILE}, a path …)
     * @return the passphrase's UTF-8 bytes (the caller wipes them)
     * @throws IllegalStateException with a one-line reason when none can be had (no terminal)
     */
    byte[] passphrase(String location);

    /**
     * The passphrase of a passphrase-protected SSH private key file; by default as {@link #passphrase}.
     *
     * @param keyFile the key file's path
     * @return the passphrase's UTF-8 bytes (the caller wipes them)
     * @throws IllegalStateException with a one-line reason when none can be had (no terminal)
     */
    default byte[] sshKeyPassphrase(String keyFile) {
        return passphrase(keyFile);
    }
}
