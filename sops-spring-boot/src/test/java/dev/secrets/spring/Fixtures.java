package dev.secrets.spring;

import dev.secrets.age.AgeKeyFile;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.stores.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * sops files written by our library at test time into {@code target/sops-spring-test} (relative
 * paths, as an application would name them in {@code spring.config.import}): four stores encrypted
 * to a fresh key ({@code keys.txt}), and one YAML file encrypted to the repository's throwaway key
 * that surefire names in {@code SOPS_AGE_KEY_FILE} (sops' key discovery).
 */
final class Fixtures {
    static final String DIR = "target/sops-spring-test";

    static final String YAML = """
            db:
              url: jdbc:postgresql://db/app
              password: s3cr3t-yaml
              pool: 7
            hosts:
              - alpha.example
              - beta.example
            feature:
              enabled: true
            """;
    static final String JSON = """
            {"api": {"token": "tok-json", "scopes": ["read", "write"]}, "retries": 3}
            """;
    static final String DOTENV = "MAIL_PASSWORD=mail-dotenv\nAPP_NAME=from-dotenv\n";
    static final String INI = "[smtp]\nuser = mailer\npassword = ini-pass\n";
    static final String DISCOVERED = "discovered:\n  secret: found-by-discovery\n";

    private static boolean written;

    private Fixtures() {
    }

    static synchronized void write() {
        if (written) {
            return;
        }
        try {
            Path dir = Paths.get(DIR);
            Files.createDirectories(dir);
            AgeKeygen key = AgeKeygen.generate();
            Files.writeString(dir.resolve("keys.txt"), key.render(), StandardCharsets.UTF_8);
            List<AgeRecipient> ours = List.of(AgeRecipient.parse(key.publicKey()));
            encrypt(dir.resolve("app.enc.yaml"), YAML, Format.YAML, ours);
            encrypt(dir.resolve("app.enc.json"), JSON, Format.JSON, ours);
            encrypt(dir.resolve("app.env.enc"), DOTENV, Format.DOTENV, ours);
            encrypt(dir.resolve("app.enc.ini"), INI, Format.INI, ours);

            String repoKey = Files.readString(Paths.get(System.getenv("SOPS_AGE_KEY_FILE")), StandardCharsets.UTF_8);
            String repoRecipient = AgeKeyFile.parse(repoKey).get(0).recipient();
            encrypt(dir.resolve("discovered.enc.yaml"), DISCOVERED, Format.YAML, List.of(AgeRecipient.parse(repoRecipient)));
            written = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void encrypt(Path file, String plain, Format format, List<AgeRecipient> to) throws IOException {
        byte[] enc = Sops.encrypt(plain.getBytes(StandardCharsets.UTF_8), format, EncryptionRule.of(to));
        Files.write(file, enc);
    }
}
