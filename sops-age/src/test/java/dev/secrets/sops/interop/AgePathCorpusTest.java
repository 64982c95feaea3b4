package dev.secrets.sops.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.Oracle;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The normal user path on real sops files: identities from a keys.txt, the data key unwrapped from
 * the age stanza, every value decrypted, the MAC verified, and the plaintext equal to the oracle's.
 */
class AgePathCorpusTest {
    @TestFactory
    Stream<DynamicTest> ageRewrappedCopiesOpenThroughAge() throws Exception {
        Path keys = SharedTestData.sopsNixAgeKeys();
        List<Identity> ids = List.of(AgeIdentities.of(AgeKeyFile.parse(Files.readString(keys)), keys.toString()));
        List<Path> files = SharedTestData.ageRewrapped();
        assertEquals(17, files.size());
        Stream<Path> all = Stream.concat(files.stream(), Stream.of(SharedTestData.corpusDir().resolve("sops-nix/secrets.yaml")));
        return all.map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString();
            Format format = name.endsWith(".bin") || name.endsWith(".txt") ? Format.BINARY : Format.bySuffix(name);
            Store store = Stores.of(format);
            byte[] bytes = Files.readAllBytes(file);
            if (name.contains("no_mac")) {
                SopsException e = assertThrows(SopsException.class, () -> Sops.decrypt(bytes, store, ids, false));
                assertEquals(ExitCodes.MAC_MISMATCH, e.exitCode());
                return;
            }
            try (DecryptedFile f = Sops.decrypt(bytes, store, ids, false)) {
                Oracle.Result oracle = Oracle.run(file, format.id(), "--age-key-file", keys.toString());
                assertEquals(0, oracle.exitCode(), oracle.stderr());
                assertEquals(oracle.plaintext(), Oracle.neutral(f.documents()), name);
            }
        }));
    }
}
