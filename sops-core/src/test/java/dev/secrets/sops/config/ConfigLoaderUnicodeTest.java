package dev.secrets.sops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A .sops.yaml is read whatever characters it holds, wherever they fall in the text. */
class ConfigLoaderUnicodeTest {
    /**
     * An emoji (a surrogate pair in Java) at every offset around snakeyaml-engine's first read
     * boundaries (1024 characters, then 1025 more): version 2.9 failed when the pair was split.
     */
    @Test
    void anEmojiAtAnyOffsetLoads() {
        for (int end = 1024; end < 3200; end += 1025) {
            for (int n = end - 12; n <= end + 4; n++) {
                String text = "# " + "x".repeat(n) + "\uD83D\uDE00\ncreation_rules:\n  - path_regex: caddy/.*\n    age: age1x\n";
                SopsConfig config = ConfigLoader.parse(Path.of("/repo/.sops.yaml"), text);
                assertEquals(1, config.creationRules().size(), "offset " + n);
                assertEquals("caddy/.*", config.creationRules().get(0).pathRegex(), "offset " + n);
            }
        }
    }
}
