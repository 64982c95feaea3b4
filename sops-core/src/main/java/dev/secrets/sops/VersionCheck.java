package dev.secrets.sops;

import java.util.regex.Pattern;

/** sops refuses a file whose {@code version} is not semver (it compares it with 3.3.0 on every decrypt). */
final class VersionCheck {
    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private VersionCheck() {
    }

    static void requireSemver(String version) {
        if (version.startsWith("1.") || SEMVER.matcher(version).matches()) {
            return;
        }
        throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata: version is not a valid semver version");
    }
}
