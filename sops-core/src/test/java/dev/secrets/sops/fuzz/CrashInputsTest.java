package dev.secrets.sops.fuzz;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.aes.EncryptedValue;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every committed {@code crash-*} input of sops-core's fuzz targets, checked for the behaviour its
 * fix introduced (the commit that added it says which), not only for "no unexpected exception" as
 * the target's replay does. An input without an entry here fails the test: a new finding comes with
 * its assertion.
 */
class CrashInputsTest {
    private static final String ROOT = "/dev/secrets/sops/fuzz";
    private static final String AAD = "fuzz:value:";

    /** Relative path of the input -> what its fix guarantees. */
    private static final Map<String, Check> EXPECTED = new LinkedHashMap<>();

    interface Check {
        void run(byte[] input) throws Exception;
    }

    static {
        // 037c872: the type text is escaped in 'Unknown datatype', so the message stays one line
        EXPECTED.put("EncryptedValueFuzzTestInputs/typedValue/crash-cr-in-type", input -> {
            int n = input[0];
            String type = new String(input, 1, n, StandardCharsets.UTF_8);
            assertEquals("\r\0\0\0", type);
            String enc = EncryptedValueFuzzTest.seal(Arrays.copyOfRange(input, 1 + n, input.length), type);
            SopsException e = refused(() -> new ValueCipher().decrypt(enc, FuzzContract.DATA_KEY, AAD));
            assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
            assertEquals("Unknown datatype: \\r\\u0000\\u0000\\u0000", e.getMessage());
        });
        // 65fddf5: data and tag shorter than a GCM tag fail authentication (exit 25), as Go's GCM Open
        EXPECTED.put("EncryptedValueFuzzTestInputs/parse/crash-tag-shorter-than-16-bytes", input -> {
            String s = text(input).trim();
            EncryptedValue v = EncryptedValue.parse(s);
            assertTrue(v.data().length + v.tag().length < 16, "the input is what its name says");
            SopsException e = refused(() -> new ValueCipher().decrypt(s, FuzzContract.DATA_KEY, AAD));
            assertEquals(ExitCodes.ERROR_DECRYPTING_TREE, e.exitCode());
            assertEquals("Could not decrypt value at 'fuzz:value:': authentication failed (wrong key or tampered value)",
                    e.getMessage());
        });
        // dc8c7cc: a huge JSON indentation is refused (exit 4) instead of building the indent into an OOM
        EXPECTED.put("ConfigFuzzTestInputs/sopsYaml/crash-huge-json-indent", input -> {
            SopsConfig config = ConfigLoader.parse(ConfigFuzzTest.CONFIG, text(input));
            assertEquals(2000000000, config.jsonIndent());
            SopsException e = refused(() -> Stores.of(Format.JSON, config.yamlIndent(), config.jsonIndent(),
                    config.jsonBinaryIndent()));
            assertEquals(ExitCodes.ERROR_DUMPING_TREE, e.exitCode());
            assertEquals("JSON Indentation parameter larger than 64 is not accepted", e.getMessage());
            Stores.of(Format.JSON, 4, 64, 4); // the bound itself is accepted
        });
        // dc8c7cc: a negative YAML indentation gives sops' own message and exit 4
        EXPECTED.put("ConfigFuzzTestInputs/sopsYaml/crash-negative-yaml-indent", input -> {
            SopsConfig config = ConfigLoader.parse(ConfigFuzzTest.CONFIG, text(input));
            assertEquals(-2, config.yamlIndent());
            SopsException e = refused(() -> Stores.of(Format.YAML, config.yamlIndent(), config.jsonIndent(),
                    config.jsonBinaryIndent()));
            assertEquals(ExitCodes.ERROR_DUMPING_TREE, e.exitCode());
            assertEquals("YAML Negative indentation not accepted", e.getMessage());
        });
        // 7ae2151: snakeyaml-engine's own RuntimeException is an 'invalid YAML' error naming the config
        EXPECTED.put("ConfigFuzzTestInputs/sopsYaml/crash-snakeyaml-tag-with-spaces", input -> {
            SopsException e = refused(() -> ConfigLoader.parse(ConfigFuzzTest.CONFIG, text(input)));
            assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
            assertTrue(e.getMessage().startsWith("error loading config " + ConfigFuzzTest.CONFIG + ": invalid YAML"),
                    e.getMessage());
        });
        // c6d32b9: nesting deeper than Store.MAX_DEPTH is refused cleanly, read either way
        EXPECTED.put("StoreFuzzTestInputs/json/crash-nesting-9000-deep", input -> tooDeep(Format.JSON, input));
        EXPECTED.put("StoreFuzzTestInputs/yaml/crash-nesting-5000-maps", input -> tooDeep(Format.YAML, input));
        EXPECTED.put("StoreFuzzTestInputs/yaml/crash-nesting-through-aliases", input -> tooDeep(Format.YAML, input));
        // 6d842b4: an invalid *_regex in the metadata is a SopsException naming the option (exit 1)
        EXPECTED.put("StoreFuzzTestInputs/yaml/crash-invalid-encrypted-regex", input -> invalidRegex(Format.YAML, input));
        EXPECTED.put("StoreFuzzTestInputs/dotenv/crash-invalid-regex-in-metadata", input -> invalidRegex(Format.DOTENV, input));
        EXPECTED.put("StoreFuzzTestInputs/ini/crash-invalid-regex-in-metadata", input -> invalidRegex(Format.INI, input));
        // 7f4202f: the CR snakeyaml-engine quotes in its message is escaped
        EXPECTED.put("StoreFuzzTestInputs/yaml/crash-cr-in-parser-message", input -> {
            SopsException e = refused(() -> Stores.of(Format.YAML).loadPlain(input));
            assertTrue(e.getMessage().contains("\\r"), e.getMessage());
        });
        // 577b60f: a metadata key holding a CR, twice: the duplicate's key is escaped in the message
        EXPECTED.put("StoreFuzzTestInputs/dotenv/crash-cr-in-duplicate-metadata-key", input -> {
            SopsException e = refused(() -> Stores.of(Format.DOTENV).loadEncrypted(input));
            String m = e.getMessage();
            assertTrue(m.startsWith("Error while unflattening \"pgp__list_5__map") && m.endsWith("\": Duplicate value"), m);
            assertTrue(m.contains("sZfk\\rbgHb"), "the CR of the key is escaped: " + m);
        });
    }

    @TestFactory
    Stream<DynamicTest> everyCrashInputShowsItsFix() throws IOException, URISyntaxException {
        Path root = Path.of(CrashInputsTest.class.getResource(ROOT).toURI());
        List<String> inputs;
        try (Stream<Path> s = Files.walk(root)) {
            inputs = s.filter(p -> p.getFileName().toString().startsWith("crash-"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(EXPECTED.keySet().stream().sorted().toList(), inputs,
                "every committed crash input has its expected behaviour here, and every entry its input");
        return inputs.stream().map(name -> DynamicTest.dynamicTest(name, () -> EXPECTED.get(name).run(Files.readAllBytes(root.resolve(name)))));
    }

    private static void tooDeep(Format format, byte[] input) {
        Store store = Stores.of(format);
        for (Executable read : List.<Executable>of(() -> store.loadPlain(input), () -> store.loadEncrypted(input))) {
            SopsException e = refused(read);
            assertTrue(e.getMessage().contains("exceeded max depth of " + Store.MAX_DEPTH), e.getMessage());
        }
    }

    private static void invalidRegex(Format format, byte[] input) {
        Store.EncryptedDocuments loaded = Stores.of(format).loadEncrypted(input);
        assertNotNull(loaded.metadata());
        SopsException e = refused(() -> MetadataCodec.fromBranch(loaded.metadata()));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        assertTrue(e.getMessage().matches("sops metadata: [a-z_]+_regex is not a valid regular expression: .*"),
                e.getMessage());
    }

    /** The refusal, checked against the fuzz contract (known exit code, one non-empty line). */
    private static SopsException refused(Executable body) {
        SopsException e = assertThrows(SopsException.class, body);
        FuzzContract.check(e);
        return e;
    }

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }
}
