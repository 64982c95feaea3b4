package dev.secrets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * A file written by the real sops (3.7.1, the shared corpus' sops-nix/secrets.yaml: a list and a
 * nested map) imported by a Spring context, with the corpus' throwaway age key.
 */
@EnabledIf("corpusPresent")
@SpringBootTest(classes = TestApp.class, properties = {
    "spring.config.import=sops:${sops.test.corpus}/sops-nix/secrets.yaml",
    "sops.age.key-file=${sops.test.corpus}/sops-nix/age-keys.txt"
})
class SopsCorpusTest {
    static boolean corpusPresent() {
        Path shared = SharedTestData.sharedDir();
        if (shared == null) {
            System.err.println("SKIPPED: ../shared (or SECRETS_SHARED_DIR) is absent; SopsCorpusTest not run");
            return false;
        }
        System.setProperty("sops.test.corpus", shared.resolve("testdata/sops-corpus").toString());
        return true;
    }

    @Autowired
    Environment env;

    @Test
    void aFileWrittenBySopsReadsAsSpringProperties() throws Exception {
        assertEquals("e1", env.getProperty("a_list[0]"));
        assertEquals("e3", env.getProperty("a_list[1]"));
        Path corpus = Path.of(System.getProperty("sops.test.corpus"));
        String key = Files.readString(corpus.resolve("sops-nix/age-keys.txt"), StandardCharsets.UTF_8);
        try (DecryptedFile file = Sops.open(corpus.resolve("sops-nix/secrets.yaml"),
                List.of(AgeIdentities.of(AgeKeyFile.parse(key), "corpus key")))) {
            Map<String, Object> tree = file.toMap();
            assertEquals(tree.get("test_key"), env.getProperty("test_key"));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> nested = (Map<String, Map<String, Object>>) tree.get("nested");
            assertEquals(nested.get("test").get("file"), env.getProperty("nested.test.file"));
            assertEquals(String.class, env.getProperty("nested.test.file").getClass());
        }
    }
}
