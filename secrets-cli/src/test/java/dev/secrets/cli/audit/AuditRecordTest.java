package dev.secrets.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of a line reads back through jackson's parser as the same record, whatever the strings hold. */
class AuditRecordTest {
    @Test
    void linesReadBackExactly() throws IOException {
        String odd = "q\"uote back\\slash \n\r\t \u0000\u0001\u001f\u007f \u2028\u2029 héllo ✓ 日本 😀 </script> ${X} '";
        AuditRecord r = new AuditRecord();
        r.seq = 42;
        r.time = "2026-12-02T01:02:03.456Z";
        r.user = odd;
        r.host = "h";
        r.verb = "set";
        r.service = odd;
        r.file = "/srv/" + odd + "/.env.enc";
        r.keys = List.of("A", odd, "");
        r.outcome = "failed";
        r.exit = 128;
        r.sha256 = AuditLog.sha256(new byte[0]);
        r.sha256Written = null;
        r.prev = AuditLog.GENESIS;
        byte[] line = r.toJson();
        String text = new String(line, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"seq\":42,") && !text.contains("\n") && !text.contains("\r"), text);
        AuditRecord back = AuditRecordParser.parse(line);
        assertEquals(42, back.seq);
        assertEquals(r.time, back.time);
        assertEquals(odd, back.user);
        assertEquals(odd, back.service);
        assertEquals(r.file, back.file);
        assertEquals(r.keys, back.keys);
        assertEquals("failed", back.outcome);
        assertEquals(128, back.exit);
        assertEquals(r.sha256, back.sha256);
        assertEquals(null, back.sha256Written);
        assertEquals(r.prev, back.prev);
    }
}
