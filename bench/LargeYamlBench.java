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
 * the whole file's bytes. Each round runs the four in turn, so a ratio is taken within one round;
 * the first two rounds warm up and are not counted. Besides wall time, each run's process CPU time
 * (all threads: the parallel cipher's workers, GC, JIT) is reported: on the shared machine other
 * processes' load stretches wall time but hardly CPU time.
 * Run: java -cp secrets-cli/target/secrets.jar bench/LargeYamlBench.java [rounds=7]
 * The last lines, "RESULT ...", are read by bench/run.
 */
public class LargeYamlBench {
    static final int GROUPS = 1000;
    static final int KEYS = 100;
    static final int WARMUP = 2;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
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
        System.out.printf("input: %.1f MB, %d leaves, %d rounds (+%d warm-up), %d cores, %s%n", plain.length / 1e6,
                values.size(), rounds, WARMUP, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

        AgeKeygen key = AgeKeygen.generate();
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey())));
        List<Identity> ids = List.of(AgeIdentities.of(List.of(key.identity()), "bench"));
        Store store = Stores.of(Format.YAML);
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);

        byte[][] encrypted = new byte[1][];
        Work enc = () -> encrypted[0] = Sops.encrypt(store.loadPlain(plain), store, rule);
        Work dec = () -> {
            try (DecryptedFile f = Sops.decrypt(encrypted[0], store, ids, false)) {
                f.plaintext(store);
            }
        };
        Work perValue = () -> rawPerValue(values, aads, dataKey, random);
        Work bulk = () -> rawBulk(plain, dataKey, random);
        long[][] t = new long[4][rounds];
        long[][] cpu = new long[4][rounds];
        Work[] works = {enc, dec, perValue, bulk};
        for (int r = -WARMUP; r < rounds; r++) {
            for (int i = 0; i < 4; i++) {
                long c0 = processCpuNanos();
                long w = time(works[i]);
                long c = (processCpuNanos() - c0) / 1_000_000;
                if (r >= 0) {
                    t[i][r] = w;
                    cpu[i][r] = c;
                }
            }
        }
        double[] encSpeed = new double[rounds];
        double[] decSpeed = new double[rounds];
        double[] encBulk = new double[rounds];
        double[] decBulk = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            encSpeed[r] = (double) t[2][r] / t[0][r];
            decSpeed[r] = (double) t[2][r] / t[1][r];
            encBulk[r] = (double) t[3][r] / t[0][r];
            decBulk[r] = (double) t[3][r] / t[1][r];
        }
        System.out.printf("encrypt (parse + encrypt + MAC + emit): %s ms%n", spread(t[0]));
        System.out.printf("decrypt (parse + decrypt + MAC + emit): %s ms%n", spread(t[1]));
        System.out.printf("raw per-value AES-GCM + SHA-512:        %s ms%n", spread(t[2]));
        System.out.printf("raw bulk AES-GCM + SHA-512 of file:     %s ms%n", spread(t[3]));
        double[] encCpu = new double[rounds];
        double[] decCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            encCpu[r] = (double) cpu[2][r] / Math.max(1, cpu[0][r]);
            decCpu[r] = (double) cpu[2][r] / Math.max(1, cpu[1][r]);
        }
        System.out.printf("process CPU time (all threads: GC, JIT, workers): encrypt %s, decrypt %s, raw per-value %s ms%n",
                spread(cpu[0]), spread(cpu[1]), spread(cpu[2]));
        System.out.printf("CPU-time speed vs raw per-value (less sensitive to other load): encrypt %s, decrypt %s%n",
                spread(encCpu), spread(decCpu));
        System.out.printf("speed vs raw per-value (per round): encrypt %s, decrypt %s (target >= 0.33)%n",
                spread(encSpeed), spread(decSpeed));
        System.out.printf("speed vs raw bulk (per round):      encrypt %s, decrypt %s%n", spread(encBulk), spread(decBulk));
        System.out.printf("RESULT yaml_encrypt ours=%s ref=%s ratio=%s%n", csv(t[0]), csv(t[2]), csv(encSpeed));
        System.out.printf("RESULT yaml_decrypt ours=%s ref=%s ratio=%s%n", csv(t[1]), csv(t[2]), csv(decSpeed));
        System.out.printf("RESULT yaml_encrypt_cpu ours=%s ref=%s ratio=%s%n", csv(cpu[0]), csv(cpu[2]), csv(encCpu));
        System.out.printf("RESULT yaml_decrypt_cpu ours=%s ref=%s ratio=%s%n", csv(cpu[1]), csv(cpu[2]), csv(decCpu));
    }

    interface Work {
        void run() throws Exception;
    }

    /** CPU time of the whole process: the work's own threads, GC and JIT, but not other processes' load. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long time(Work w) throws Exception {
        long s = System.nanoTime();
        w.run();
        return (System.nanoTime() - s) / 1_000_000;
    }

    /** "median (min..max)". */
    static String spread(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2] + " (" + s[0] + ".." + s[s.length - 1] + ")";
    }

    static String spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format("%.2f (%.2f..%.2f)", s[(s.length - 1) / 2], s[0], s[s.length - 1]);
    }

    /** "median,min,max" for bench/run. */
    static String csv(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2] + "," + s[0] + "," + s[s.length - 1];
    }

    static String csv(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format("%.3f,%.3f,%.3f", s[(s.length - 1) / 2], s[0], s[s.length - 1]);
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
