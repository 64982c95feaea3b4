package dev.secrets.sops.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library API as the README shows it. */
class PublicApiTest {
    @TempDir
    Path tmp;

    @Test
    void openRealSopsFileAsMap() throws Exception {
        Path keys = SharedTestData.sopsNixAgeKeys();
        List<Identity> ids = List.of(AgeIdentities.of(AgeKeyFile.parse(Files.readString(keys)), keys.toString()));
        try (DecryptedFile file = Sops.open(SharedTestData.corpusDir().resolve("age-rewrapped/sops-upstream_example.yaml"), ids)) {
            Map<String, Object> values = file.toMap();
            assertEquals("t00m4nys3cr3tzupdated", values.get("myapp1"));
            @SuppressWarnings("unchecked")
            Map<String, Object> db = (Map<String, Object>) ((Map<String, Object>) values.get("app2")).get("db");
            assertEquals("c4r1b0u", db.get("password"));
        }
    }

    @Test
    void encryptWithRecipientsAndWithTheSopsYamlRule() throws Exception {
        AgeKeygen key = AgeKeygen.generate();
        List<Identity> ids = List.of(AgeIdentities.of(List.of(key.identity()), "test"));
        byte[] plain = "DB_PASSWORD=hunter2\n".getBytes(StandardCharsets.UTF_8);
        byte[] enc = Sops.encrypt(plain, Format.DOTENV, EncryptionRule.of(AgeRecipient.parseList(key.publicKey())));
        try (DecryptedFile file = Sops.decrypt(enc, Format.DOTENV, ids)) {
            assertEquals("hunter2", file.toMap().get("DB_PASSWORD"));
        }
        Files.writeString(tmp.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: >-\n      "
                + key.publicKey() + "\n");
        Path target = Files.createDirectories(tmp.resolve("svc")).resolve(".env.enc");
        EncryptionRule rule = EncryptionRule.forPath(target, AgeRecipient::parse);
        Files.write(target, Sops.encrypt(plain, Format.DOTENV, rule));
        try (DecryptedFile file = Sops.open(target, ids)) {
            assertEquals("hunter2", file.toMap().get("DB_PASSWORD"));
            assertEquals(key.publicKey(), file.metadata().keyGroups().get(0).keys().get(0).id());
        }
    }
}
