package dev.secrets.cli;

import java.util.ArrayList;
import java.util.List;

/** Commands given as one string (SECRETS_COMPOSE, EDITOR): split into words without a shell; quoting for display. */
public final class ShellCommand {
    private ShellCommand() {
    }

    public static List<String> split(String text, List<String> fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return dev.secrets.age.ShellWords.split(text);
    }

    public static String join(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(w.matches("[A-Za-z0-9_@%+=:,./-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return String.join(" ", out);
    }
}
