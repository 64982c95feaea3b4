package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.TestKey;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.TreePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save proves what it is about to write before it replaces the file: the new bytes must open with
 * the data key, pass the MAC and read back as the documents. A writer that loses a value (here a
 * store whose emitter drops the last entry) is refused, and the file on disk is not touched.
 */
class SopsFileVerifyTest {
    private static final Store DOTENV = Stores.of(Format.DOTENV);

    @TempDir
    Path tmp;

    /** The dotenv store, except that its encrypted writer leaves out the last entry of each document. */
    private static final Store LOSSY = new Store() {
        @Override
        public List<Branch> loadPlain(byte[] bytes) {
            return DOTENV.loadPlain(bytes);
        }

        @Override
        public EncryptedDocuments loadEncrypted(byte[] bytes) {
            return DOTENV.loadEncrypted(bytes);
        }

        @Override
        public byte[] emitPlain(List<Branch> documents) {
            return DOTENV.emitPlain(documents);
        }

        @Override
        public byte[] emitEncrypted(List<Branch> documents, Branch metadata) {
            List<Branch> lossy = new ArrayList<>();
            for (Branch doc : documents) {
                List<Branch.Item> items = new ArrayList<>();
                doc.forEach(items::add);
                lossy.add(new Branch(items.subList(0, items.size() - 1)));
            }
            return DOTENV.emitEncrypted(lossy, metadata);
        }

        @Override
        public byte[] emitValue(Object value) {
            return DOTENV.emitValue(value);
        }

        @Override
        public boolean hasMetadataKey(List<Branch> documents) {
            return DOTENV.hasMetadataKey(documents);
        }
    };

    @Test
    void aWriteThatDoesNotReadBackIsRefusedBeforeTheFileIsReplaced() {
        TestKey key = TestKey.generate();
        Path f = SopsFileEncryptedTest.encryptedDotenv(tmp, key);
        byte[] before = AtomicFile.read(f);
        try (SopsFile opened = SopsFile.open(f, LOSSY, List.of(key), false)) {
            TreePath.key("A").set(opened.documents().get(0), "changed");
            SopsException e = assertThrows(SopsException.class, opened::save);
            assertEquals(ExitCodes.MAC_MISMATCH, e.exitCode(), e.getMessage());
        }
        assertArrayEquals(before, AtomicFile.read(f), "the file on disk is untouched");
        try (SopsFile again = SopsFile.open(f, DOTENV, List.of(key), false)) {
            assertEquals(Map.of("A", "1", "B", "2"), again.decrypted().toMap());
        }
    }

    /** {@link SopsFile#encrypted()} (for callers replacing several files as one unit) proves its bytes the same way. */
    @Test
    void encryptedBytesThatDoNotReadBackAreRefused() {
        TestKey key = TestKey.generate();
        Path f = SopsFileEncryptedTest.encryptedDotenv(tmp, key);
        try (SopsFile opened = SopsFile.open(f, LOSSY, List.of(key), false)) {
            assertEquals(f, opened.path());
            assertEquals(LOSSY, opened.store(), "the store it was opened with writes it back");
            SopsException e = assertThrows(SopsException.class, opened::encrypted);
            assertEquals(ExitCodes.MAC_MISMATCH, e.exitCode(), e.getMessage());
        }
        try (SopsFile opened = SopsFile.open(f, DOTENV, List.of(key), false)) {
            assertArrayEquals(AtomicFile.read(f), opened.encrypted(), "unchanged values keep their ciphertext");
        }
    }
}
