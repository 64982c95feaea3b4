package dev.secrets.age.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * snakeyaml-engine throws plain RuntimeExceptions on some input (fuzzing findings): they are bad
 * YAML, refused with a SopsException like any other.
 */
class SnakeyamlFailureTest {
    /**
     * AgeDecryptFuzzTest#withIdentity: StreamReader read past its buffer (IndexOutOfBoundsException,
     * an emoji across its 1024-char read). The whole text is one read now, so the file gets the
     * syntax error go-yaml reports too ("yaml: line 4: did not find expected key").
     */
    @Test
    void readPastTheBuffer() throws Exception {
        byte[] input;
        try (InputStream in = getClass().getResourceAsStream(
                "AgeDecryptFuzzTestInputs/withIdentity/crash-snakeyaml-read-past-buffer")) {
            input = in.readAllBytes();
        }
        SopsException e = assertThrows(SopsException.class,
                () -> Stores.of(Format.YAML).loadEncrypted(FuzzContract.rest(input)));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        assertTrue(e.getMessage().startsWith("yaml: line "), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    /** ConfigFuzzTest#sopsYaml: '!2%2' made snakeyaml's Tag throw IllegalArgumentException. */
    @Test
    void tagWithSpacesInConfig() {
        SopsException e = assertThrows(SopsException.class, () -> ConfigLoader.parse(Path.of("/r/.sops.yaml"), "!2%2"));
        assertEquals("error loading config /r/.sops.yaml: invalid YAML (parser failed with IllegalArgumentException)",
                e.getMessage());
    }
}
