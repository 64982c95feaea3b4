package dev.secrets.cli;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.cli.keys.Backups;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.internal.DataKeys;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.dotenv.DotenvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A generated repo of N compose services, each with docker-compose.yml and a .env.enc of its own
 * values, encrypted in-process for chosen age keys (made with AgeKeygen, written as key files).
 */
public final class BulkRepo {
    public static final Store DOTENV = new DotenvStore();

    public final Path root;
    public final List<AgeKeygen> keys = new ArrayList<>();
    public final List<Path> keyFiles = new ArrayList<>();

    public BulkRepo(Path root, int keyCount) {
        this.root = root;
        for (int i = 0; i < keyCount; i++) {
            AgeKeygen k = AgeKeygen.generate();
            keys.add(k);
            keyFiles.add(write("keys/k" + i + ".txt", k.render()));
        }
    }

    /** Services svc000..svcN-1 encrypted for the given keys, and .sops.yaml listing them. */
    public BulkRepo services(int n, int... keyIndexes) {
        rule(keyIndexes);
        List<Recipient> recipients = new ArrayList<>();
        for (int k : keyIndexes) {
            recipients.add(AgeRecipient.parse(keys.get(k).publicKey()));
        }
        for (int i = 0; i < n; i++) {
            String svc = service(i);
            write(svc + "/docker-compose.yml", "services:\n  app:\n    image: busybox\n    env_file: .env\n");
            byte[] plain = plaintext(i).getBytes(StandardCharsets.UTF_8);
            write(svc + "/.env.enc", new String(Sops.encrypt(DOTENV.loadPlain(plain), DOTENV, EncryptionRule.of(recipients)),
                    StandardCharsets.UTF_8));
        }
        return this;
    }

    public static String service(int i) {
        return String.format("svc%03d", i);
    }

    public static String plaintext(int i) {
        return "DB_PASSWORD=secret-value-" + i + "\nAPI_TOKEN=token-" + i + "\nPORT=" + (5000 + i) + "\n";
    }

    public void rule(int... keyIndexes) {
        List<String> pubs = new ArrayList<>();
        for (int k : keyIndexes) {
            pubs.add(keys.get(k).publicKey());
        }
        write(".sops.yaml", "creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: " + String.join(",", pubs) + "\n");
    }

    public Identity identity(int k) {
        return AgeIdentities.of(List.of(keys.get(k).identity()), "test key " + k);
    }

    /** The file's data key opened with key k, or null when k is not a recipient. */
    public byte[] dataKey(Path file, int k) {
        Metadata md = MetadataCodec.fromBranch(DOTENV.loadEncrypted(read(file)).metadata());
        try {
            return DataKeys.open(md, List.of(identity(k)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The plaintext as opened with key k (MAC verified), or null when it does not open. */
    public String open(Path file, int k) {
        try (DecryptedFile f = Sops.decrypt(read(file), DOTENV, List.of(identity(k)), false)) {
            return new String(f.plaintext(DOTENV), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public List<Path> envFiles() {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(".env.enc") && !p.startsWith(root.resolve(Backups.DIR)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file's bytes, by path. */
    public Map<Path, byte[]> snapshot() {
        Map<Path, byte[]> m = new LinkedHashMap<>();
        envFiles().forEach(p -> m.put(p, read(p)));
        return m;
    }

    public static int serviceIndex(Path envFile) {
        return Integer.parseInt(envFile.getParent().getFileName().toString().substring(3));
    }

    public Cli cli(int k) {
        return new Cli().dir(root).env("SOPS_AGE_KEY_FILE", keyFiles.get(k).toString());
    }

    public Path write(String relative, String content) {
        Path p = root.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run folders under .secrets-backup, oldest first (names sort by time). */
    public List<String> backupRuns() {
        Path dir = root.resolve(Backups.DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
