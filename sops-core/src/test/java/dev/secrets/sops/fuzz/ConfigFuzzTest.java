package dev.secrets.sops.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code .sops.yaml} as encrypt, updatekeys and rotate read it: parsed, the first creation rule
 * chosen for a few files (path_regex matched against the path relative to the config), the rule
 * turned into an encryption rule, and the stores built with the configured indentation write a
 * small file.
 */
class ConfigFuzzTest {
    static final Path CONFIG = Path.of("/fuzz/repo/.sops.yaml");
    static final List<Path> TARGETS = List.of(Path.of("/fuzz/repo/.env.enc"), Path.of("/fuzz/repo/caddy/.env.enc"),
            Path.of("/fuzz/repo/a/b/secrets.yaml"), Path.of("/elsewhere/x.json"));

    @FuzzTest
    void sopsYaml(byte[] input) {
        load(new String(input, StandardCharsets.UTF_8));
    }

    static void load(String text) {
        SopsConfig[] config = new SopsConfig[1];
        refusalIsClean(() -> config[0] = ConfigLoader.parse(CONFIG, text));
        if (config[0] == null) {
            return;
        }
        for (Path target : TARGETS) {
            refusalIsClean(() -> {
                CreationRule rule = config[0].ruleFor(target);
                if (rule != null) {
                    EncryptionRule.from(rule, StubRecipient::new);
                    rule.ageRecipients();
                }
            });
        }
        Branch doc = new Branch().add("k", "v").add("n", new Branch().add("list", List.of(1L, "x")));
        for (Format format : Format.values()) {
            refusalIsClean(() -> {
                Store store = Stores.of(format, config[0].yamlIndent(), config[0].jsonIndent(),
                        config[0].jsonBinaryIndent());
                if (format != Format.BINARY && format != Format.DOTENV && format != Format.INI) {
                    store.emitPlain(List.of(doc));
                }
            });
        }
    }

    /** An age recipient that is never used to wrap (only its parsing by sops-age could fail). */
    record StubRecipient(String id) implements Recipient {
        @Override
        public String type() {
            return StoredKey.AGE;
        }

        @Override
        public StoredKey wrap(byte[] dataKey) {
            throw new UnsupportedOperationException();
        }
    }
}
