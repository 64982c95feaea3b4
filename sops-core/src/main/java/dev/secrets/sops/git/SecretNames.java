package dev.secrets.sops.git;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** File names that say what a file is: a plaintext dotenv, a compose file, a file meant to be encrypted. */
public final class SecretNames {
    /**
     * Names of an encrypted data file by convention: {@code .env.enc}, {@code X.yaml.enc}, {@code X.enc.yaml},
     * {@code X.sops.json}, {@code secrets.yaml} ... A bare {@code X.enc} is not among them: other tools
     * (openssl enc) use that suffix for files that are encrypted, just not by sops.
     */
    private static final Pattern ENCRYPTED_BY_NAME = Pattern.compile(
            "(^|/)([^/]*\\.(env|ya?ml|json|ini)\\.enc|[^/]*\\.(enc|sops)\\.(ya?ml|json|env|ini)|secrets?\\.(ya?ml|json|env|ini))$");
    /** Suffixes of the committed, value-free templates of a .env. */
    private static final List<String> TEMPLATE_SUFFIXES = List.of(".example", ".sample", ".template", ".tmpl", ".dist",
            ".defaults", ".enc");
    private static final Set<String> COMPOSE_FILES = Set.of("compose.yaml", "compose.yml", "docker-compose.yaml",
            "docker-compose.yml");

    /** The creation rule {@code secrets init} writes: every file named like an encrypted one by the project's conventions. */
    public static final String INIT_PATH_REGEX = "(^|/)(\\.env\\.enc|[^/]*\\.enc\\.(ya?ml|json|env|ini))$";

    /** The encrypted secrets of a compose service. */
    public static final String ENCRYPTED_ENV = ".env.enc";

    private SecretNames() {
    }

    /** Whether the path's name says the file is encrypted, so plaintext under it is a mistake. */
    public static boolean encryptedByName(String path) {
        return ENCRYPTED_BY_NAME.matcher(path).find();
    }

    /** A plaintext dotenv name: {@code .env}, {@code .env.local}, {@code .env.production}; not templates or {@code .env.enc}. */
    public static boolean plainEnv(String fileName) {
        if (fileName.equals(".env")) {
            return true;
        }
        if (!fileName.startsWith(".env.")) {
            return false;
        }
        return TEMPLATE_SUFFIXES.stream().noneMatch(fileName::endsWith);
    }

    public static boolean composeFile(String fileName) {
        return COMPOSE_FILES.contains(fileName);
    }

    public static Set<String> composeFiles() {
        return COMPOSE_FILES;
    }
}
