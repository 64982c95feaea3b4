package dev.secrets.age.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.fuzz.FuzzFiles;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The age decrypt target's body over real files read in place: the repo's testdata/*.env.enc and
 * ../shared's age-rewrapped corpus (every file opens with the sops-nix age key), plus a check that
 * the committed seeds still open both ways, so the fuzzer starts from files that reach the MAC.
 */
class AgeCorpusSeedsTest {
    @Test
    void repoEnvFilesOpenThroughTheTarget() {
        int opened = 0;
        for (Path p : FuzzFiles.repoTestData()) {
            if (p.getFileName().toString().equals(".env.enc")) {
                byte[] input = FuzzContract.withFormat(Format.DOTENV, FuzzFiles.read(p));
                AgeDecryptFuzzTest.decrypt(input);
                opens(input);
                opened++;
            }
        }
        assertEquals(3, opened);
    }

    @Test
    void committedSeedsOpenWithTheDataKeyAndThroughAge() {
        List<Path> seeds = FuzzFiles.filesUnder(FuzzFiles.repoRoot()
                .resolve("sops-age/src/test/resources/dev/secrets/age/fuzz/AgeDecryptFuzzTestInputs/withIdentity"))
                .stream().filter(p -> p.getFileName().toString().startsWith("seed-")).toList();
        assertTrue(seeds.size() >= 9, "seeds: " + seeds.size());
        for (Path seed : seeds) {
            byte[] input = FuzzFiles.read(seed);
            opens(input);
            try (DecryptedFile f = Sops.decryptWithKey(FuzzContract.rest(input), Stores.of(FuzzContract.format(input)),
                    FuzzContract.DATA_KEY, false)) {
                assertTrue(!f.documents().isEmpty(), seed.toString());
            }
        }
    }

    @Test
    void sharedAgeRewrappedCorpusThroughTheTarget() {
        Path corpus = FuzzFiles.sharedCorpusOrNull("the age decrypt target's corpus replay");
        if (corpus == null) {
            return;
        }
        int opened = 0;
        for (Path p : FuzzFiles.filesUnder(corpus.resolve("age-rewrapped"))) {
            byte[] input = FuzzContract.withFormat(Format.ofPath(p.getFileName().toString()), FuzzFiles.read(p));
            AgeDecryptFuzzTest.decrypt(input);
            if (!p.getFileName().toString().contains("no_mac")) {
                opens(input);
                opened++;
            }
        }
        assertTrue(opened >= 16, "opened " + opened);
    }

    private static void opens(byte[] input) {
        try (DecryptedFile f = Sops.decrypt(FuzzContract.rest(input), Stores.of(FuzzContract.format(input)),
                AgeDecryptFuzzTest.IDENTITIES, false)) {
            assertTrue(!f.documents().isEmpty());
        }
    }
}
