package dev.secrets.age.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeIdentity;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.fuzz.FuzzFiles;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole encrypted file opened as the CLI opens it: the data key recovered through the age
 * identities (the repo's throwaway key, plus the shared corpus' sops-nix key when ../shared is
 * there), including Shamir key groups, then every value decrypted and the MAC verified; a file that
 * opens is written back as plaintext and encrypted again. Input: the format's byte, then the file.
 */
class AgeDecryptFuzzTest {
    static final List<Identity> IDENTITIES = identities();

    @FuzzTest
    void withIdentity(byte[] input) {
        if (input.length == 0) {
            return;
        }
        decrypt(input);
    }

    static void decrypt(byte[] input) {
        Store store = Stores.of(FuzzContract.format(input));
        byte[] file = FuzzContract.rest(input);
        refusalIsClean(() -> {
            try (DecryptedFile opened = Sops.decrypt(file, store, IDENTITIES, false)) {
                opened.plaintext(store);
                opened.encrypt(store);
            }
        });
    }

    private static List<Identity> identities() {
        List<AgeIdentity> ids = new ArrayList<>(AgeKeyFile.parse(text(FuzzFiles.testKeyFile())));
        Path shared = SharedTestData.sharedDir();
        if (shared != null) {
            ids.addAll(AgeKeyFile.parse(text(shared.resolve("testdata/sops-corpus/sops-nix/age-keys.txt"))));
        }
        return List.of(AgeIdentities.of(ids, "fuzz identities"));
    }

    private static String text(Path p) {
        return new String(FuzzFiles.read(p), StandardCharsets.UTF_8);
    }
}
