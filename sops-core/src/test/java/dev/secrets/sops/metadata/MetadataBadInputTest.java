package dev.secrets.sops.metadata;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.tree.Branch;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** sops metadata the reader must refuse with a clean, one-line error (fuzzing findings). */
class MetadataBadInputTest {
    private static Branch metadata() {
        return new Branch()
                .add("age", List.of(new Branch().add("recipient", "age1x").add("enc", "x")))
                .add("lastmodified", "2024-01-02T03:04:05Z")
                .add("mac", "")
                .add("version", "3.13.2");
    }

    @Test
    void invalidSelectionRegex() {
        SopsException e = assertThrows(SopsException.class,
                () -> MetadataCodec.fromBranch(metadata().add("encrypted_regex", "^(user|list|block!$")));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        assertEquals("sops metadata: encrypted_regex is not a valid regular expression: missing closing ): "
                + "`^(user|list|block!$`",
                e.getMessage());
    }
}
