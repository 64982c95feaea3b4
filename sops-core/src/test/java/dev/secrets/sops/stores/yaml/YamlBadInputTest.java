package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Invalid input: the right exit code and a one-line message that never repeats a value. */
class YamlBadInputTest {
    private static final String SECRET = "s3cr3tV4lue";
    private final YamlStore store = new YamlStore(0);

    private SopsException plainError(byte[] input) {
        SopsException e = assertThrows(SopsException.class, () -> store.loadPlain(input));
        assertEquals(ExitCodes.COULD_NOT_READ_INPUT_FILE, e.exitCode(), e.getMessage());
        checkMessage(e);
        SopsException enc = assertThrows(SopsException.class, () -> store.loadEncrypted(input));
        assertEquals(ExitCodes.ERROR_GENERIC, enc.exitCode());
        assertEquals(e.getMessage(), enc.getMessage());
        return e;
    }

    private static void checkMessage(SopsException e) {
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "no value: " + e.getMessage());
    }

    private SopsException plainError(String input) {
        return plainError(input.replace("SECRET", SECRET).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a: SECRET\\nb: [SECRET\\n|yaml: line 3: ",
        "a: SECRET\\n  b: SECRET\\n|yaml: line 2: ",
        "a: b: SECRET\\n|yaml: line 1: mapping values are not allowed here",
        "a: \"SECRET\\n|yaml: line 2: ",
        "a: *nope\\n|yaml: line 1: unknown anchor 'nope' referenced",
        "a: 1\\n---\\nb: [SECRET\\n|Error unmarshaling input YAML: yaml: line 4: "})
    void malformedYaml(String input, String messageStart) {
        SopsException e = plainError(input.replace("\\n", "\n"));
        assertEquals(messageStart, e.getMessage().substring(0, messageStart.length()), e.getMessage());
    }

    /** Fuzzing finding: snakeyaml-engine quotes the character it stopped at, here a CR, which ended the line. */
    @Test
    void controlCharacterInParserMessageIsEscaped() {
        SopsException e = plainError(new byte[] {'*', '\r', '+', '.'});
        assertEquals("yaml: line 1: unexpected character found \\r(13)", e.getMessage());
        assertFalse(e.getMessage().contains("\r"));
    }

    @Test
    void topLevelListOrScalar() {
        assertEquals("yaml: unmarshal errors: line 1: cannot unmarshal !!seq into map[string]interface {}",
                plainError("- SECRET\n- b\n").getMessage());
        assertEquals("yaml: unmarshal errors: line 1: cannot unmarshal !!str into map[string]interface {}",
                plainError("SECRET\n").getMessage());
        assertEquals("Error unmarshaling input YAML: YAML documents that are sequences are not supported",
                plainError("a: 1\n---\n- SECRET\n").getMessage());
        assertEquals("Error unmarshaling input YAML: YAML documents that are values are not supported",
                plainError("a: 1\n---\nSECRET\n").getMessage());
    }

    @Test
    void duplicateKeysInTheFirstDocument() {
        assertEquals("yaml: unmarshal errors: line 2: mapping key \"hello\" already defined at line 1",
                plainError("hello: SECRET\nhello: SECRET2\n").getMessage());
        assertEquals("yaml: unmarshal errors: line 3: mapping key \"b\" already defined at line 2",
                plainError("a:\n    b: SECRET\n    \"b\": 2\n").getMessage());
        // later documents are not checked by sops
        store.loadPlain("a: 1\n---\nb: 1\nb: 2\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryFile() {
        byte[] bytes = new byte[512];
        new Random(42).nextBytes(bytes);
        String message = plainError(bytes).getMessage();
        assertEquals("yaml: line ", message.substring(0, 11), message);
        assertEquals("yaml: line 1: control characters are not allowed",
                plainError(("a: " + SECRET + "\u0001\n").getBytes(StandardCharsets.UTF_8)).getMessage());
    }

    @Test
    void whitespaceOnlyIsEof() {
        assertEquals("EOF", plainError("  \n\n").getMessage());
        assertEquals("EOF", plainError("# just a comment\n").getMessage());
    }

    @Test
    void nonStringKeysAreRejected() {
        for (String[] c : new String[][] {{"1: x\n", "(type int): 1"}, {"true: x\n", "(type bool): true"},
            {"1.5: x\n", "(type float64): 1.5"}, {"~: x\n", "(type <nil>): <nil>"}}) {
            SopsException e = assertThrows(SopsException.class,
                    () -> store.loadPlain(c[0].getBytes(StandardCharsets.UTF_8)));
            assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
            assertEquals("Tree contains a non-string key " + c[1] + ". Only string keys are supported", e.getMessage());
        }
    }

    @Test
    void metadataThatIsNotAMap() {
        SopsException e = assertThrows(SopsException.class,
                () -> store.loadEncrypted("a: 1\nsops: SECRET\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        checkMessage(e);
    }

    /** Found with ConfigFuzzTest (stores.yaml.indent: -2): was an IllegalArgumentException, an internal error. */
    @Test
    void negativeIndentIsRefused() {
        SopsException e = assertThrows(SopsException.class, () -> new YamlStore(-1));
        assertEquals(ExitCodes.ERROR_DUMPING_TREE, e.exitCode());
        assertEquals("YAML Negative indentation not accepted", e.getMessage());
    }
}
