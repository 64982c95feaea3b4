package dev.secrets.cli.service;

import dev.secrets.cli.UsageException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An age on the command line: {@code 90d}, {@code 12w}, {@code 48h}. */
final class AgeOption {
    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([hdw])");

    private AgeOption() {
    }

    static Duration parse(String text) {
        Matcher m = AGE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new UsageException("invalid age '" + text + "': expected N followed by h, d or w (90d, 12w, 48h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }
}
