package dev.secrets.age;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.ArrayList;
import java.util.List;

/**
 * An age identities text (keys.txt, {@code SOPS_AGE_KEY}, key command output): lines split on
 * {@code \n} with a trailing {@code \r} dropped; empty lines and lines starting with {@code #}
 * ignored; every other line an {@code AGE-SECRET-KEY-1…}, {@code AGE-SECRET-KEY-PQ-1…} or
 * {@code AGE-PLUGIN-NAME-1…} key. With
 * several keys per line allowed (sops 3.13 {@code SOPS_AGE_KEY}) a line is split on whitespace.
 * Errors name the location and the line number, never the key.
 */
public final class AgeKeyFile {
    private AgeKeyFile() {
    }

    /** Parses one identity per line; errors name {@code "identities"}. */
    public static List<AgeIdentity> parse(String text) {
        return parse(text, "identities", false);
    }

    /**
     * @param location the source named in errors ({@code SOPS_AGE_KEY_FILE}, a path …)
     * @param severalPerLine split lines on whitespace (only {@code SOPS_AGE_KEY})
     * @throws SopsException {@code failed to parse '<location>' age identities: line N: …}
     */
    public static List<AgeIdentity> parse(String text, String location, boolean severalPerLine) {
        if (text.startsWith("age-encryption") || text.startsWith("-----BEGIN AGE")) {
            throw failure(location, "passphrase-encrypted identity files are not supported inside an identities text (key discovery opens them)");
        }
        List<AgeIdentity> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (severalPerLine) {
                for (String word : line.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        out.add(parseIdentity(word, location, i + 1));
                    }
                }
            } else {
                out.add(parseIdentity(line, location, i + 1));
            }
        }
        return out;
    }

    private static AgeIdentity parseIdentity(String s, String location, int line) {
        try {
            if (s.startsWith("AGE-PLUGIN-")) {
                return PluginIdentity.parse(s);
            }
            if (s.startsWith("AGE-SECRET-KEY-PQ-1")) {
                return HybridIdentity.parse(s);
            }
            if (s.startsWith("AGE-SECRET-KEY-1")) {
                return X25519Identity.parse(s);
            }
        } catch (IllegalArgumentException e) {
            throw failure(location, "line " + line + ": " + e.getMessage());
        }
        throw failure(location, "line " + line + ": unknown identity type");
    }

    private static SopsException failure(String location, String why) {
        return new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY,
                "failed to parse '" + location + "' age identities: " + why);
    }
}
