package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.Oracle;
import dev.secrets.sops.testing.SharedTestData;
import dev.secrets.sops.testing.SharedTestData.CorpusFile;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file real sops wrote (../shared corpus) opens with the data key from the manifest, its MAC
 * verifies, and it decrypts to exactly what the independent oracle decrypts.
 */
class CorpusTest {
    @TestFactory
    Stream<DynamicTest> everyCorpusFileDecryptsAndVerifies() {
        List<CorpusFile> rows = SharedTestData.manifest();
        assertTrue(rows.size() >= 18, "manifest rows: " + rows.size());
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.file(), () -> check(row)));
    }

    private static void check(CorpusFile row) throws Exception {
        byte[] bytes = Files.readAllBytes(row.path());
        Store store = Stores.of(Format.parse(row.store()));
        if (!row.expectVerify()) {
            SopsException e = assertThrows(SopsException.class,
                    () -> Sops.decryptWithKey(bytes, store, row.dataKey(), false));
            assertEquals(ExitCodes.MAC_MISMATCH, e.exitCode(), e.getMessage());
            try (DecryptedFile f = Sops.decryptWithKey(bytes, store, row.dataKey(), true)) {
                assertTrue(!f.documents().isEmpty());
            }
            return;
        }
        try (DecryptedFile f = Sops.decryptWithKey(bytes, store, row.dataKey(), false)) {
            Oracle.Result oracle = Oracle.run(row.path(), row.store(), "--data-key", row.dataKeyHex());
            assertEquals(0, oracle.exitCode(), oracle.stderr());
            assertEquals(oracle.plaintext(), Oracle.neutral(f.documents()), row.file());
        }
    }
}
