package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The sops-nix age key opens the age entries of the corpus to the data keys of MANIFEST.tsv. */
class AgeCorpusTest {
    private static AgeIdentities sopsNixKey() throws Exception {
        Path keys = SharedTestData.sopsNixAgeKeys();
        return AgeIdentities.of(AgeKeyFile.parse(Files.readString(keys), keys.toString(), false), keys.toString());
    }

    private static Map<String, byte[]> dataKeys() {
        return SharedTestData.manifest().stream()
                .collect(Collectors.toMap(SharedTestData.CorpusFile::file, SharedTestData.CorpusFile::dataKey));
    }

    @Test
    void sopsNixSecretsYaml() throws Exception {
        Path file = SharedTestData.corpusDir().resolve("sops-nix/secrets.yaml");
        List<String> encs = AgeTestSupport.armoredEncs(Files.readString(file));
        assertEquals(2, encs.size());
        AgeIdentities ids = sopsNixKey();
        assertArrayEquals(dataKeys().get("sops-nix/secrets.yaml"),
                ids.unwrap(StoredKey.age("age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw", encs.get(0))));
        // the second entry is for another recipient: not ours, not an error
        assertNull(ids.unwrap(StoredKey.age("age1a8pk4akrdamj7nvqy3zywgtny8dxz7t5xzu7u8v9mhrayp9freqsqatyrs", encs.get(1))));
    }

    @TestFactory
    Stream<DynamicTest> ageRewrapped() throws Exception {
        AgeIdentities ids = sopsNixKey();
        Map<String, byte[]> keys = dataKeys();
        List<Path> files = SharedTestData.ageRewrapped();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".tsv")) {
                continue;
            }
            String original = f.getFileName().toString().replaceFirst("_", "/");
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                byte[] expected = keys.get(original);
                assertNotNull(expected, "no MANIFEST row for " + original);
                List<String> encs = AgeTestSupport.armoredEncs(Files.readString(f, StandardCharsets.UTF_8));
                assertEquals(1, encs.size());
                assertEquals(1, AgeTestSupport.stanzaCount(encs.get(0)));
                assertArrayEquals(expected, ids.unwrap(StoredKey.age("r", encs.get(0))));
            }));
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    @Test
    void wrongKeyGivesNullAndFlippedByteIsCorrupt() throws Exception {
        Path f = SharedTestData.ageRewrapped().get(0);
        String enc = AgeTestSupport.armoredEncs(Files.readString(f)).get(0);
        AgeIdentities other = AgeIdentities.of(List.of(AgeKeygen.generate().identity()), "generated");
        assertNull(other.unwrap(StoredKey.age("r", enc)));

        String[] lines = enc.split("\n");
        int last = lines.length - 2; // the last data line holds the payload
        char c = lines[last].charAt(10);
        lines[last] = lines[last].substring(0, 10) + (c == 'Q' ? 'R' : 'Q') + lines[last].substring(11);
        String tampered = String.join("\n", lines) + "\n";
        AgeIdentities ids = sopsNixKey();
        SopsException e = assertThrows(SopsException.class, () -> ids.unwrap(StoredKey.age("r", tampered)));
        assertFalse(e.getMessage().contains("AGE-SECRET-KEY"), e.getMessage());
    }
}
