package dev.secrets.sops.stores;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.Flattening;
import dev.secrets.sops.stores.dotenv.DotenvStore;
import dev.secrets.sops.stores.ini.IniStore;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Keys quoted in store errors are escaped, so the message stays on one line: dotenv keys may end in a
 * CR, YAML and JSON keys may hold any character (fuzzing finding in StoreFuzzTest#dotenv).
 */
class KeysInMessagesTest {
    @Test
    void duplicateFlattenedMetadataKeyWithCarriageReturn() {
        byte[] file = "A=1\nsops_version\r=3.13.2\nsops_version\r=3.13.2\n".getBytes(StandardCharsets.UTF_8);
        SopsException e = assertThrows(SopsException.class, () -> new DotenvStore().loadEncrypted(file));
        assertEquals("Error while unflattening \"version\\r\": Duplicate value", e.getMessage());
    }

    @Test
    void keyCollisionWhileFlattening() {
        SopsException e = assertThrows(SopsException.class,
                () -> Flattening.flatten(new Branch().add("x\ny", "1").add("x\ny", "2")));
        assertEquals("Found key collision \"x\\ny\" while flattening", e.getMessage());
    }

    @Test
    void complexValueUnderAKeyWithNewline() {
        Branch doc = new Branch().add("a\nb", new Branch().add("c", "d"));
        SopsException dotenv = assertThrows(SopsException.class, () -> new DotenvStore().emitPlain(List.of(doc)));
        assertEquals("cannot use complex value in dotenv file; offending key a\\nb", dotenv.getMessage());
        Branch ini = new Branch().add("section", doc);
        SopsException e = assertThrows(SopsException.class, () -> new IniStore().emitPlain(List.of(ini)));
        assertEquals("Error marshaling to INI: cannot use complex value in INI file; offending key a\\nb", e.getMessage());
    }
}
