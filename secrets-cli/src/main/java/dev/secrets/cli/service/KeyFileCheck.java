package dev.secrets.cli.service;

import dev.secrets.age.AgeKeyDiscovery;
import dev.secrets.cli.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The age identity file (SOPS_AGE_KEY_FILE, else the default keys.txt) must be readable by its owner only. */
final class KeyFileCheck {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFileCheck() {
    }

    static List<Finding> check(Context ctx) {
        List<Finding> out = new ArrayList<>();
        String env = ctx.env(AgeKeyDiscovery.SOPS_AGE_KEY_FILE);
        Path file = env != null && !env.isEmpty() ? ctx.path(env) : ctx.ageKeys().defaultKeyFile();
        if (file == null) {
            return out;
        }
        String where = file.toAbsolutePath().normalize().toString();
        if (!Files.exists(file)) {
            if (env != null && !env.isEmpty()) {
                out.add(Finding.error(where, "SOPS_AGE_KEY_FILE names a file that does not exist"));
            }
            return out; // no default key file: keys may come from SOPS_AGE_KEY or SSH keys
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                out.add(Finding.error(where, "age key file has mode " + octal(perms) + " (" + PosixFilePermissions.toString(perms)
                        + "); others can read your private key: chmod 600 " + where));
            }
        } catch (IOException | UnsupportedOperationException e) {
            out.add(Finding.warning(where, "could not read the key file's mode: " + e.getClass().getSimpleName()));
        }
        return out;
    }

    static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 = bit 0400
        }
        return String.format("%04o", mode);
    }
}
