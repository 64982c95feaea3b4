package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.keys.StoredKey;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bouncycastle (ML-KEM) is loaded only when a post-quantum key is actually used: a fresh JVM that
 * parses a keys text and a recipient list holding PQ keys, and opens an X25519 entry with a PQ
 * identity among its identities, loads no bouncycastle class; wrapping for and opening a PQ entry
 * does (which shows the probe sees it).
 */
class HybridLazyLoadingTest {
    /** Run in the child JVM: {@code classic} or {@code pq}. */
    public static final class Probe {
        public static void main(String[] args) {
            AgeKeygen classic = AgeKeygen.generate();
            AgeKeygen pq = AgeKeygen.generatePq();
            // a well-formed PQ recipient made without ML-KEM (all-zero coefficients pass the modulus check)
            String pqRecipient = HybridRecipient.encode(new byte[MlKem768X25519.PUBLIC_KEY_SIZE]);
            List<AgeIdentity> ids = AgeKeyFile.parse(pq.secretKey() + "\n" + classic.secretKey() + "\n");
            AgeIdentities identities = AgeIdentities.of(ids, "probe");
            String target = args[0].equals("pq") ? pq.publicKey() : classic.publicKey();
            List<AgeRecipient> recipients = AgeRecipient.parseList(pqRecipient + "," + target);
            byte[] dataKey = new byte[32];
            StoredKey stored = recipients.get(1).wrap(dataKey);
            byte[] back = identities.unwrap(stored);
            System.out.println(back != null && back.length == 32 ? "opened" : "not opened");
        }
    }

    private static String probe(String mode) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), mode).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\nopened\n"), out);
        assertTrue(out.contains("dev.secrets.age.AgeIdentities"), "the probe's class log is not there");
        return out;
    }

    @Test
    void classicUseLoadsNoBouncycastle() throws Exception {
        String out = probe("classic");
        List<String> loaded = out.lines().filter(l -> l.contains("org.bouncycastle.")).toList();
        assertEquals(List.of(), loaded);
        assertTrue(out.contains("dev.secrets.age.HybridIdentity"), "the PQ identity was parsed");
        assertTrue(!out.contains("dev.secrets.age.MlKem768X25519"), "the hybrid KEM was loaded");
    }

    @Test
    void pqUseLoadsIt() throws Exception {
        String out = probe("pq");
        assertTrue(out.contains("org.bouncycastle.pqc.crypto.mlkem."), "no ML-KEM class loaded for a PQ entry");
    }
}
