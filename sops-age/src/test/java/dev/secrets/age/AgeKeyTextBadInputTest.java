package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Key text whose errors must stay on one line (fuzzing finding in AgeKeysFuzzTest#keyText). */
class AgeKeyTextBadInputTest {
    /** An SSH public key blob whose key type (read from the base64 data) holds a newline and a NEL. */
    @Test
    void sshRecipientWithControlCharactersInItsKeyType() {
        byte[] type = "ssh-\n\u0085x".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0, 0, 0, (byte) type.length});
        wire.writeBytes(type);
        String recipient = "ssh-ed25519 " + Base64.getEncoder().encodeToString(wire.toByteArray());
        SopsException e = assertThrows(SopsException.class, () -> AgeRecipient.parse(recipient));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        assertEquals("failed to parse input as age-ssh public key: malformed SSH recipient: \"" + recipient
                + "\": unknown SSH recipient type: \"ssh-\\n\\u0085x\"", e.getMessage());
    }

    @Test
    void goQuoteEscapesLineSeparators() {
        assertEquals("\"a\\u2028b\\u2029c\\u0085\\x7f\"", GoQuote.quote("a\u2028b\u2029c\u0085\u007f"));
    }
}
