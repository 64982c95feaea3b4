package dev.secrets.sops.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.dotenv.DotenvStore;
import dev.secrets.sops.stores.ini.IniStore;
import dev.secrets.sops.stores.json.BinaryStore;
import dev.secrets.sops.stores.json.JsonStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input: a SopsException with the exit code sops uses (2 for a plaintext that cannot be
 * read, 1 for an encrypted file) and a one-line message that never repeats file content.
 */
class BadInputTest {
    private static final String SECRET = "hunter2-SECRET";

    /** A PNG header followed by noise and a secret-looking string. */
    static byte[] garbage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d});
        out.writeBytes(SECRET.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 200; i++) {
            out.write((i * 37 + 11) & 0xff);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("json", "garbage", garbage(), "invalid JSON at line 1"),
                Arguments.of("json", "unquoted value", utf8("{\n  \"password\": " + SECRET + "\n}"), "invalid JSON at line 2"),
                Arguments.of("json", "truncated", utf8("{\"password\": \"" + SECRET + "\""), "Could not unmarshal input data"),
                Arguments.of("json", "top-level array", utf8("[\"" + SECRET + "\"]"), "not arrays or other types"),
                Arguments.of("json", "top-level string", utf8("\"" + SECRET + "\""), "Got a value of type string instead"),
                Arguments.of("json", "empty", new byte[0], "EOF"),
                Arguments.of("binary-encrypted", "garbage", garbage(), "invalid JSON at line 1"),
                Arguments.of("dotenv", "garbage", garbage(), "invalid dotenv input line 1"),
                Arguments.of("dotenv", "line without =", utf8("A=1\n\n" + SECRET + "\n"), "invalid dotenv input line 3"),
                Arguments.of("ini", "garbage", garbage(), "key-value delimiter not found at line 1"),
                Arguments.of("ini", "line without delimiter", utf8("[s]\na = 1\n" + SECRET + "\n"),
                        "key-value delimiter not found at line 3"),
                Arguments.of("ini", "unclosed section", utf8("[s]\n[" + SECRET + "\n"), "unclosed section at line 2"),
                Arguments.of("ini", "empty section name", utf8("[]\n"), "empty section name at line 1"),
                Arguments.of("ini", "unclosed \"\"\"", utf8("[s]\nk = \"\"\"" + SECRET + "\nmore\n"),
                        "missing closing quote of the value starting at line 2"),
                Arguments.of("ini", "empty key", utf8("[s]\n= " + SECRET + "\n"), "empty key name at line 2"));
    }

    private static Store store(String name) {
        return switch (name) {
            case "json" -> new JsonStore();
            case "binary-encrypted" -> new BinaryStore();
            case "dotenv" -> new DotenvStore();
            case "ini" -> new IniStore();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void refusedWithExitCodeAndNoContent(String storeName, String what, byte[] input, String expected) {
        Store store = store(storeName);
        if (!storeName.equals("binary-encrypted")) {
            SopsException plain = assertThrows(SopsException.class, () -> store.loadPlain(input));
            check(plain, ExitCodes.COULD_NOT_READ_INPUT_FILE, expected);
        }
        SopsException encrypted = assertThrows(SopsException.class, () -> store.loadEncrypted(input));
        check(encrypted, ExitCodes.ERROR_GENERIC, expected);
    }

    private static void check(SopsException e, int exitCode, String expected) {
        assertEquals(exitCode, e.exitCode());
        String message = e.getMessage();
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains(SECRET), message);
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("PNG"), message);
    }
}
