package dev.secrets.sops.stores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.secrets.sops.stores.dotenv.DotenvStore;
import dev.secrets.sops.stores.ini.IniStore;
import dev.secrets.sops.stores.json.BinaryStore;
import dev.secrets.sops.stores.json.JsonStore;
import dev.secrets.sops.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON, binary, dotenv and INI file of the corpus read with loadEncrypted and written back with
 * emitEncrypted. Files in the layout we write come back byte for byte; the others come back with the
 * same documents and metadata (reason given per file).
 */
class CorpusRoundTripTest {

    /** file (relative to the corpus), store, and null for byte-exact or the reason bytes differ. */
    static Stream<Arguments> files() {
        String randomIni = "sops <= 3.12 wrote INI metadata in random (Go map) order";
        String randomEnv = "sops <= 3.7 wrote dotenv metadata in random (Go map) order";
        String noNewline = "sops <= 3.9 wrote no final newline after the JSON document";
        String rawIni = "3.13.0/3.13.1 wrote INI metadata newlines raw in \"\"\" quotes; 3.13.2 (and we) write \\n";
        String handIni = "the added age entry is hand-appended: unaligned keys, raw \"\"\" newlines";
        return Stream.of(
                Arguments.of("sops-upstream/format.enc.json", "json", null),
                Arguments.of("sops-upstream/example.json", "json", noNewline),
                Arguments.of("sops-nix/secrets.json", "json", noNewline),
                Arguments.of("sops-upstream/example.txt", "binary", noNewline),
                Arguments.of("sops-nix/secrets.bin", "binary", noNewline),
                Arguments.of("age-rewrapped/sops-nix_secrets.json", "json", null),
                Arguments.of("age-rewrapped/sops-upstream_example.json", "json", null),
                Arguments.of("age-rewrapped/sops-upstream_format.enc.json", "json", null),
                Arguments.of("age-rewrapped/sops-nix_secrets.bin", "binary", null),
                Arguments.of("age-rewrapped/sops-upstream_example.txt", "binary", null),
                Arguments.of("sops-upstream/format.enc.env", "dotenv", null),
                Arguments.of("age-rewrapped/sops-upstream_format.enc.env", "dotenv",
                        "the added age entry is hand-appended after the sorted keys; we read metadata sorted, as sops"),
                Arguments.of("sops-nix/secrets.env", "dotenv", randomEnv),
                Arguments.of("age-rewrapped/sops-nix_secrets.env", "dotenv", randomEnv),
                Arguments.of("sops-upstream/format.enc.ini", "ini", null),
                Arguments.of("sops-upstream/format-2.enc.ini", "ini", rawIni),
                Arguments.of("sops-upstream/example.ini", "ini", randomIni),
                Arguments.of("sops-nix/secrets.ini", "ini", randomIni),
                Arguments.of("age-rewrapped/sops-upstream_format.enc.ini", "ini", handIni),
                Arguments.of("age-rewrapped/sops-upstream_format-2.enc.ini", "ini", rawIni),
                Arguments.of("age-rewrapped/sops-upstream_example.ini", "ini", handIni),
                Arguments.of("age-rewrapped/sops-nix_secrets.ini", "ini", handIni));
    }

    static Store store(String name) {
        return switch (name) {
            case "json" -> new JsonStore(-1);
            case "binary" -> new BinaryStore(-1);
            case "dotenv" -> new DotenvStore();
            case "ini" -> new IniStore();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void roundTrip(String file, String storeName, String whyBytesDiffer) throws IOException {
        Path path = SharedTestData.corpusDir().resolve(file);
        byte[] original = Files.readAllBytes(path);
        Store store = store(storeName);
        Store.EncryptedDocuments loaded = store.loadEncrypted(original);
        assertNotNull(loaded.metadata(), "metadata found");
        assertNotNull(loaded.metadata().get("lastmodified"));
        byte[] written = store.emitEncrypted(loaded.documents(), loaded.metadata());
        if (whyBytesDiffer == null) {
            assertEquals(new String(original, StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8));
            assertArrayEquals(original, written);
        } else {
            if (whyBytesDiffer.contains("final newline")) {
                // the only difference: sops >= 3.10 (and we) end the document with a newline
                byte[] withNewline = java.util.Arrays.copyOf(original, original.length + 1);
                withNewline[original.length] = '\n';
                assertArrayEquals(withNewline, written);
            }
            Store.EncryptedDocuments again = store.loadEncrypted(written);
            assertEquals(loaded.documents(), again.documents(), whyBytesDiffer);
            assertEquals(loaded.metadata(), again.metadata(), whyBytesDiffer);
            // and what we write is stable: our own output round-trips byte for byte
            assertArrayEquals(written, store.emitEncrypted(again.documents(), again.metadata()));
        }
    }
}
