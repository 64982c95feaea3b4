package dev.secrets.sops.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;

/**
 * A whole encrypted file opened with its data key ({@link FuzzContract#DATA_KEY}, the key of the
 * committed seeds), so a mutated file gets through parsing and metadata to value decryption and the
 * MAC check; a file that opens is written back as plaintext and encrypted again (decrypt, edit).
 * Input: one byte naming the format ({@link FuzzContract#format}), then the file.
 */
class DecryptFuzzTest {
    @FuzzTest
    void withDataKey(byte[] input) {
        if (input.length == 0) {
            return;
        }
        decrypt(input, FuzzContract.DATA_KEY);
    }

    static void decrypt(byte[] input, byte[] dataKey) {
        Store store = Stores.of(FuzzContract.format(input));
        byte[] file = FuzzContract.rest(input);
        refusalIsClean(() -> {
            try (DecryptedFile opened = Sops.decryptWithKey(file, store, dataKey, false)) {
                opened.plaintext(store);
                opened.encrypt(store);
            }
        });
        refusalIsClean(() -> {
            try (DecryptedFile opened = Sops.decryptWithKey(file, store, dataKey, true)) {
                opened.toMap();
            }
        });
    }
}
