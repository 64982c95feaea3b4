package dev.secrets.sops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A .sops.yaml the loader must refuse with a clean, one-line error (fuzzing findings). */
class ConfigLoaderBadInputTest {
    private static final Path FILE = Path.of("/repo/.sops.yaml");

    private static SopsException refused(String yaml) {
        SopsException e = assertThrows(SopsException.class, () -> ConfigLoader.parse(FILE, yaml));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        return e;
    }

    @Test
    void invalidPathRegex() {
        assertEquals("error loading config /repo/.sops.yaml: creation rule 1: path_regex is not a valid regular "
                + "expression: missing closing ): `(a|b`", refused("""
                creation_rules:
                  - path_regex: ok$
                    age: age1x
                  - path_regex: (a|b
                    age: age1y
                """).getMessage());
    }

    @Test
    void invalidSelectionRegex() {
        assertEquals("error loading config /repo/.sops.yaml: creation rule 0: encrypted_regex is not a valid regular "
                + "expression: missing closing ]: `[ab`", refused("""
                creation_rules:
                  - encrypted_regex: '[ab'
                    age: age1x
                """).getMessage());
    }
}
