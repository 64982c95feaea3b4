package dev.secrets.cli;

/**
 * {@code --verbose}: what the CLI does, step by step, on stderr: files, formats, config, key sources,
 * recipients (public), writes and removals. Never a value, a data key or a private key: callers pass
 * names, paths and counts only (SecretHygieneTest checks it with a sentinel value).
 */
final class Verbose {
    private static volatile boolean enabled;

    private Verbose() {
    }

    static void enable() {
        enabled = true;
    }

    static boolean enabled() {
        return enabled;
    }

    static void log(String step) {
        if (enabled) {
            System.err.println("secrets: " + Main.oneLine(step));
        }
    }
}
