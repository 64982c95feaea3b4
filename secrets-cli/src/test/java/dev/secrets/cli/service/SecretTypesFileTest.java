package dev.secrets.cli.service;

import dev.secrets.cli.TestRepo;
import dev.secrets.sops.SopsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretTypesFileTest {
    static final Path FILE = Path.of("svc/secrets.types");

    @Test
    void readsKeysTypesCommentsInOrder() {
        Map<String, SecretType> t = SecretTypesFile.parse(FILE, List.of("# header", "", "A=password:32",
                "  B = hex:16   # trailing comment", "C=uuid", "D=htpasswd:admin", "E=manual", "F=bcrypt"));
        assertEquals(List.of("A", "B", "C", "D", "E", "F"), List.copyOf(t.keySet()));
        assertEquals("hex:16", t.get("B").toString());
        assertEquals(SecretType.Kind.MANUAL, t.get("E").kind());
    }

    @Test
    void errorsNameFileAndLine() {
        for (List<String> bad : List.of(List.of("A"), List.of("A=nope"), List.of("A=uuid", "A=uuid"),
                List.of("1A=uuid"), List.of("export A=uuid"))) {
            SopsException e = assertThrows(SopsException.class, () -> SecretTypesFile.parse(FILE, bad), bad.toString());
            assertTrue(e.getMessage().startsWith(FILE + " line " + bad.size() + ": "), e.getMessage());
        }
    }

    @Test
    void theSampleParses() {
        Map<String, SecretType> t = SecretTypesFile.read(TestRepo.projectRoot().resolve("testdata/caddy"));
        assertEquals(SecretType.Kind.BCRYPT, t.get("CADDY_ADMIN_HASH").kind());
    }
}
