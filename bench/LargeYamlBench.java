import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issue 2 benchmark (b): encrypt and decrypt of a ~10 MB YAML with ~100k leaves, against the raw
 * crypto over the same values in the same JVM: AES-256-GCM (32-byte IV, AAD) per value + SHA-512 of
 * all plaintexts (the floor of what the format must do), and one bulk AES-GCM + SHA-512 pass over
 * the whole file's bytes. Run: java -cp secrets-cli/target/secrets.jar bench/LargeYamlBench.java
 */
public class LargeYamlBench {
    static final int GROUPS = 1000;
    static final int KEYS = 100;
    static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        StringBuilder yaml = new StringBuilder();
        SecureRandom random = new SecureRandom();
        List<byte[]> values = new ArrayList<>();
        List<byte[]> aads = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            yaml.append("service_").append(g).append(":\n");
            for (int k = 0; k < KEYS; k++) {
                byte[] raw = new byte[45];
                random.nextBytes(raw);
                String value = java.util.HexFormat.of().formatHex(raw).substring(0, 74);
                yaml.append("    key_").append(k).append(": ").append(value).append('\n');
                values.add(value.getBytes(StandardCharsets.UTF_8));
                aads.add(("service_" + g + ":key_" + k + ":").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] plain = yaml.toString().getBytes(StandardCharsets.UTF_8);
        System.out.printf("input: %.1f MB, %d leaves%n", plain.length / 1e6, values.size());

        AgeKeygen key = AgeKeygen.generate();
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey())));
        List<Identity> ids = List.of(AgeIdentities.of(List.of(key.identity()), "bench"));
        Store store = Stores.of(Format.YAML);

        byte[][] encrypted = new byte[1][];
        long[] enc = time(() -> encrypted[0] = Sops.encrypt(store.loadPlain(plain), store, rule));
        long[] dec = time(() -> {
            try (DecryptedFile f = Sops.decrypt(encrypted[0], store, ids, false)) {
                f.plaintext(store);
            }
        });
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        long[] perValue = time(() -> rawPerValue(values, aads, dataKey, random));
        long[] bulk = time(() -> rawBulk(plain, dataKey, random));
        System.out.printf("encrypt (parse + encrypt + MAC + emit): median %d ms (min %d, max %d)%n", med(enc), min(enc), max(enc));
        System.out.printf("decrypt (parse + decrypt + MAC + emit): median %d ms (min %d, max %d)%n", med(dec), min(dec), max(dec));
        System.out.printf("raw per-value AES-GCM + SHA-512:        median %d ms (min %d, max %d)%n", med(perValue), min(perValue), max(perValue));
        System.out.printf("raw bulk AES-GCM + SHA-512 of file:     median %d ms (min %d, max %d)%n", med(bulk), min(bulk), max(bulk));
        System.out.printf("speed vs raw per-value: encrypt %.2f, decrypt %.2f (target >= 0.33)%n",
                (double) med(perValue) / med(enc), (double) med(perValue) / med(dec));
        System.out.printf("speed vs raw bulk:      encrypt %.2f, decrypt %.2f%n",
                (double) med(bulk) / med(enc), (double) med(bulk) / med(dec));
    }

    interface Work {
        void run() throws Exception;
    }

    static long[] time(Work w) throws Exception {
        w.run(); // warm-up
        w.run();
        long[] t = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            w.run();
            t[i] = (System.nanoTime() - s) / 1_000_000;
        }
        Arrays.sort(t);
        return t;
    }

    static long med(long[] t) {
        return t[t.length / 2];
    }

    static long min(long[] t) {
        return t[0];
    }

    static long max(long[] t) {
        return t[t.length - 1];
    }

    static void rawPerValue(List<byte[]> values, List<byte[]> aads, byte[] key, SecureRandom random) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        byte[] iv = new byte[32];
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding"); // one instance: the fastest honest floor
        for (int i = 0; i < values.size(); i++) {
            random.nextBytes(iv);
            c.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, iv));
            c.updateAAD(aads.get(i));
            c.doFinal(values.get(i));
            sha.update(values.get(i));
        }
        sha.digest();
    }

    static void rawBulk(byte[] plain, byte[] key, SecureRandom random) throws Exception {
        byte[] iv = new byte[32];
        random.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.doFinal(plain);
        MessageDigest.getInstance("SHA-512").digest(plain);
    }
}
