package dev.secrets.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What {@code --version} prints: the POM's version (written into {@code version.txt} by Maven's
 * resource filtering) and the sops format followed. Read only when asked, not at every start.
 */
public final class Version {
    private Version() {
    }

    public static String line() {
        return "secrets " + pomVersion() + " (sops 3.13.2 format)";
    }

    static String pomVersion() {
        try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
