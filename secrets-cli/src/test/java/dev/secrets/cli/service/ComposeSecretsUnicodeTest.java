package dev.secrets.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compose file is read whatever characters it holds, wherever they fall in the text. */
class ComposeSecretsUnicodeTest {
    @TempDir
    Path tmp;

    /**
     * An emoji (a surrogate pair in Java) at every offset around snakeyaml-engine's first read
     * boundaries (1024 characters, then 1025 more): version 2.9 failed when the pair was split.
     */
    @Test
    void anEmojiAtAnyOffsetIsRead() throws Exception {
        Path compose = tmp.resolve("compose.yaml");
        for (int end = 1024; end < 3200; end += 1025) {
            for (int n = end - 12; n <= end + 4; n++) {
                Files.writeString(compose, "# " + "x".repeat(n) + "\uD83D\uDE00\nservices:\n  app:\n    image: x\n"
                        + "secrets:\n  db:\n    file: ${SECRETS_DIR}/DB_PASSWORD\n");
                assertEquals(List.of("DB_PASSWORD"), ComposeSecrets.read(compose).keys(), "offset " + n);
            }
        }
    }
}
