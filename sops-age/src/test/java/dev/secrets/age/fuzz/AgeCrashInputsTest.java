package dev.secrets.age.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every committed {@code crash-*} input of sops-age's fuzz targets, checked for the behaviour its
 * fix introduced (see the commit that added it), beyond the replay's "no unexpected exception". An
 * input without an entry here fails the test.
 */
class AgeCrashInputsTest {
    private static final String ROOT = "/dev/secrets/age/fuzz";

    interface Check {
        void run(byte[] input) throws Exception;
    }

    private static final Map<String, Check> EXPECTED = new LinkedHashMap<>();

    static {
        // 65fddf5: a value shorter than a GCM tag, in a file opened through age: authentication fails, exit 25
        EXPECTED.put("AgeDecryptFuzzTestInputs/withIdentity/crash-value-shorter-than-a-tag", input -> {
            SopsException e = refused(() -> Sops.decrypt(FuzzContract.rest(input), Stores.of(FuzzContract.format(input)),
                    AgeDecryptFuzzTest.IDENTITIES, false));
            assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().matches("Could not decrypt value at '[^']*': authentication failed \\(wrong key or tampered value\\)"),
                    e.getMessage());
        });
        // 7ae2151: snakeyaml-engine's IndexOutOfBoundsException (an emoji across its 1024-char read)
        // was an 'invalid YAML' error, exit 1; since the whole text is one read it is go-yaml's
        // verdict too, a syntax error on a line ("yaml: line 4: did not find expected key")
        EXPECTED.put("AgeDecryptFuzzTestInputs/withIdentity/crash-snakeyaml-read-past-buffer", input -> {
            assertEquals(Format.YAML, FuzzContract.format(input));
            SopsException e = refused(() -> Sops.decrypt(FuzzContract.rest(input), Stores.of(Format.YAML),
                    AgeDecryptFuzzTest.IDENTITIES, false));
            assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
            assertTrue(e.getMessage().startsWith("yaml: line "), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        });
        // 03507ef: the key type read from an SSH key blob is Go-quoted, so a CR in it stays escaped
        EXPECTED.put("AgeKeysFuzzTestInputs/keyText/crash-control-character-in-ssh-key-type", input -> {
            String text = new String(input, StandardCharsets.UTF_8);
            SopsException e = refused(() -> AgeRecipient.parseList(text));
            assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
            assertTrue(e.getMessage().startsWith("failed to parse input as age-ssh public key: malformed SSH recipient: "
                    + "\"ssh-ed255\\x119 AAAAC1lZDT5A1ENIAAAIBI1\": unknown SSH recipient type: \"YY\\r>@"), e.getMessage());
            // the recipient itself is quoted the same way when it is parsed alone
            SopsException alone = refused(() -> AgeRecipient.parse(text.split("\n")[0]));
            assertTrue(alone.getMessage().contains("\"ssh-ed255\\x119 "), alone.getMessage());
        });
    }

    @TestFactory
    Stream<DynamicTest> everyCrashInputShowsItsFix() throws IOException, URISyntaxException {
        Path root = Path.of(AgeCrashInputsTest.class.getResource(ROOT).toURI());
        List<String> inputs;
        try (Stream<Path> s = Files.walk(root)) {
            inputs = s.filter(p -> p.getFileName().toString().startsWith("crash-"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(EXPECTED.keySet().stream().sorted().toList(), inputs,
                "every committed crash input has its expected behaviour here, and every entry its input");
        return inputs.stream().map(name -> DynamicTest.dynamicTest(name,
                () -> EXPECTED.get(name).run(Files.readAllBytes(root.resolve(name)))));
    }

    /** The refusal, checked against the fuzz contract (known exit code, one non-empty line). */
    private static SopsException refused(Executable body) {
        SopsException e = assertThrows(SopsException.class, body);
        FuzzContract.check(e);
        return e;
    }
}
