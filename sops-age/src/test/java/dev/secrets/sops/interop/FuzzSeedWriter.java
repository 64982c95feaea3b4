package dev.secrets.sops.interop;

import dev.secrets.age.AgeKeyFile;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.Sops;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.fuzz.FuzzFiles;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.shamir.Shamir;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the committed seeds of the decrypt fuzz targets: small plaintexts of our own, encrypted
 * with {@link FuzzContract#DATA_KEY} and that key wrapped for the repo's throwaway age key, so the
 * same seed opens with the data key (DecryptFuzzTest) and through age (AgeDecryptFuzzTest). Only run
 * on demand: {@code mvn -B -o test -pl sops-core,sops-age -Dtest=FuzzSeedWriter -Dfuzz.writeSeeds=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class FuzzSeedWriter {
    private static final String CORE_INPUTS = "sops-core/src/test/resources/dev/secrets/sops/fuzz/";
    private static final String AGE_INPUTS = "sops-age/src/test/resources/dev/secrets/age/fuzz/";

    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path root = FuzzFiles.repoRoot();
        Path plain = root.resolve(CORE_INPUTS + "StoreFuzzTestInputs");
        AgeRecipient recipient = AgeRecipient.parse(AgeKeyFile.parse(Files.readString(FuzzFiles.testKeyFile()))
                .get(0).recipient());
        String yaml = Files.readString(plain.resolve("yaml/seed-features.yaml"));
        write(root, "yaml-default", Format.YAML, yaml, recipient, 1, Selection.DEFAULT, false);
        write(root, "yaml-encrypted-regex-mac-only", Format.YAML, yaml, recipient, 1,
                new Selection(Selection.Kind.ENCRYPTED_REGEX, "^(user|list|block)$"), true);
        write(root, "yaml-comment-regex", Format.YAML, yaml, recipient, 1,
                new Selection(Selection.Kind.ENCRYPTED_COMMENT_REGEX, "inline"), false);
        write(root, "yaml-multidoc", Format.YAML, Files.readString(plain.resolve("yaml/seed-multidoc.yaml")),
                recipient, 1, Selection.DEFAULT, false);
        write(root, "yaml-shamir", Format.YAML, "a: 1\nb: [x, y]\n", recipient, 2, Selection.DEFAULT, false);
        write(root, "json", Format.JSON, Files.readString(plain.resolve("json/seed-features.json")), recipient, 1,
                Selection.DEFAULT, false);
        write(root, "dotenv", Format.DOTENV, Files.readString(plain.resolve("dotenv/seed-features.env")), recipient,
                1, Selection.DEFAULT, false);
        write(root, "ini", Format.INI, Files.readString(plain.resolve("ini/seed-features.ini"))
                .replace("[sops]\nversion = 3.13.2\n", ""), recipient, 1, Selection.DEFAULT, false);
        write(root, "binary", Format.BINARY, "raw\u0000bytes\nline two\n", recipient, 1, Selection.NONE, false);
    }

    private static void write(Path root, String name, Format format, String plaintext, AgeRecipient recipient,
                              int groups, Selection selection, boolean macOnly) throws IOException {
        Store store = Stores.of(format);
        byte[][] parts = groups == 1 ? new byte[][] {FuzzContract.DATA_KEY}
                : Shamir.split(FuzzContract.DATA_KEY, groups, groups);
        List<KeyGroup> keyGroups = new ArrayList<>();
        for (byte[] part : parts) {
            StoredKey key = recipient.wrap(part);
            keyGroups.add(new KeyGroup(List.of(key)));
        }
        Metadata md = new Metadata(keyGroups, groups == 1 ? 0 : groups, "", "", selection, macOnly,
                Metadata.SOPS_VERSION);
        byte[] file = encryptWith(store, store.loadPlain(plaintext.getBytes(StandardCharsets.UTF_8)), md);
        byte[] seed = FuzzContract.withFormat(format, file);
        put(root.resolve(CORE_INPUTS + "DecryptFuzzTestInputs/withDataKey/seed-" + name), seed);
        put(root.resolve(AGE_INPUTS + "AgeDecryptFuzzTestInputs/withIdentity/seed-" + name), seed);
        put(root.resolve(CORE_INPUTS + "StoreFuzzTestInputs/" + format.id() + "/seed-encrypted-" + name), file);
    }

    /** Sops' encryption with a chosen data key, which the API keeps to itself (a seed needs a known key). */
    private static byte[] encryptWith(Store store, List<Branch> docs, Metadata md) {
        try {
            var m = Sops.class.getDeclaredMethod("encryptWith", Store.class, List.class, Metadata.class, byte[].class,
                    ValueCipher.class);
            m.setAccessible(true);
            return (byte[]) m.invoke(null, store, docs, md, FuzzContract.DATA_KEY, new ValueCipher());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(Path p, byte[] bytes) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }
}
