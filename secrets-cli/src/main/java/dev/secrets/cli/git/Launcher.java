package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How a hook or a git driver runs this CLI: the launcher script that started it ({@code SECRETS_LAUNCHER},
 * which the {@code secrets} script exports), so a commit works whatever PATH git runs with; else
 * {@code secrets} on PATH.
 */
final class Launcher {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./+,:@%=-]+");

    private Launcher() {
    }

    /** The command, quoted for {@code sh}. */
    static String command(Context ctx) {
        String launcher = ctx.env("SECRETS_LAUNCHER");
        if (launcher == null || launcher.isEmpty() || !Path.of(launcher).isAbsolute()) {
            return "secrets";
        }
        return shellQuote(launcher);
    }

    static String shellQuote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
