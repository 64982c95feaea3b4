package dev.secrets.age.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    /** AgeDecryptFuzzTest#withIdentity: StreamReader read past its buffer (IndexOutOfBoundsException). */
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
        assertEquals("yaml: invalid YAML (parser failed with IndexOutOfBoundsException)", e.getMessage());
    }

    /** ConfigFuzzTest#sopsYaml: '!2%2' made snakeyaml's Tag throw IllegalArgumentException. */
    @Test
    void tagWithSpacesInConfig() {
        SopsException e = assertThrows(SopsException.class, () -> ConfigLoader.parse(Path.of("/r/.sops.yaml"), "!2%2"));
        assertEquals("error loading config /r/.sops.yaml: invalid YAML (parser failed with IllegalArgumentException)",
                e.getMessage());
    }
}
