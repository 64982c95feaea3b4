package dev.secrets.cli.service;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code SERVICE/secrets.types}: which kind of secret each key is (docs/secrets-types.md). One
 * {@code KEY=TYPE} a line, {@code #} comments and blank lines ignored, spaces around {@code =} allowed.
 * It holds no secret, so it is committed in plaintext beside {@code .env.enc}.
 */
final class SecretTypesFile {
    static final String FILE_NAME = "secrets.types";
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private SecretTypesFile() {
    }

    /** The declared types in file order; empty when the service has no such file. */
    static Map<String, SecretType> read(Path serviceDir) {
        Path file = serviceDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, file + ": could not read: "
                    + e.getClass().getSimpleName());
        }
    }

    static Map<String, SecretType> parse(Path file, List<String> lines) {
        Map<String, SecretType> types = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = file + " line " + (i + 1) + ": ";
            if (eq < 0) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, where + "expected KEY=TYPE");
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, where + "'" + key + "' is not a key name");
            }
            if (types.containsKey(key)) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, where + key + " is declared twice");
            }
            String type = line.substring(eq + 1).strip();
            int comment = type.indexOf(" #");
            if (comment >= 0) {
                type = type.substring(0, comment).strip();
            }
            try {
                types.put(key, SecretType.parse(type));
            } catch (SopsException e) {
                throw new SopsException(e.exitCode(), where + e.getMessage());
            }
        }
        return Collections.unmodifiableMap(types);
    }
}
