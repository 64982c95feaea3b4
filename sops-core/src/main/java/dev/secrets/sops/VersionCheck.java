package dev.secrets.sops;

import java.util.regex.Pattern;

/**
 * sops' CLI refuses a file whose {@code version} is not semver (it compares it with 3.3.0 on every
 * decrypt, for a KMS work-around). A file without a version (gibbz00/rops writes them) is opened, as
 * sops' Go {@code decrypt} package opens it: the MAC, not the version, authenticates the file.
 */
final class VersionCheck {
    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private VersionCheck() {
    }

    static void requireSemver(String version) {
        if (version.isEmpty() || version.startsWith("1.") || SEMVER.matcher(version).matches()) {
            return;
        }
        throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata: version is not a valid semver version");
    }
}
