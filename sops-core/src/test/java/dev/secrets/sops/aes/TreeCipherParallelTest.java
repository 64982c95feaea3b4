package dev.secrets.sops.aes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A large tree is encrypted and decrypted on several threads: the MAC, the tree, the stash and the
 * error reported must be those of the same tree done on one thread.
 */
class TreeCipherParallelTest {
    private static final byte[] KEY = new byte[32];
    private final int saved = TreeCipher.parallelThreshold;

    @AfterEach
    void restore() {
        TreeCipher.parallelThreshold = saved;
    }

    private static Branch bigTree(long seed) {
        Random random = new Random(seed);
        Branch root = new Branch();
        for (int g = 0; g < 60; g++) {
            Branch group = new Branch();
            group.addComment(new Comment(" group " + g));
            for (int k = 0; k < 80; k++) {
                Object v = switch (random.nextInt(7)) {
                    case 0 -> (long) random.nextInt();
                    case 1 -> random.nextDouble();
                    case 2 -> random.nextBoolean();
                    case 3 -> OffsetDateTime.parse("2024-01-02T03:04:05Z").plusSeconds(random.nextInt());
                    case 4 -> "";
                    case 5 -> null;
                    default -> "value " + random.nextLong();
                };
                String key = random.nextInt(9) == 0 ? "k" + k + "_unencrypted" : "k" + k;
                group.add(key, v);
            }
            List<Object> list = new ArrayList<>(List.of(new Comment(" in list"), "a" + g, 7L, new Branch().add("x", "y")));
            group.add("list", list);
            root.add("group_" + g, group);
        }
        return root;
    }

    private static String encrypt(Branch doc, ValueCipher cipher) {
        return new TreeCipher(cipher, KEY, Selection.DEFAULT, false).encrypt(List.of(doc));
    }

    private static String decrypt(Branch doc, ValueCipher cipher) {
        return new TreeCipher(cipher, KEY, Selection.DEFAULT, false).decrypt(List.of(doc));
    }

    @Test
    void parallelAndSequentialAgree() {
        Branch plain = bigTree(1);
        TreeCipher.parallelThreshold = Integer.MAX_VALUE;
        Branch sequential = plain.deepCopy();
        String macSequential = encrypt(sequential, new ValueCipher());
        TreeCipher.parallelThreshold = 1;
        Branch parallel = plain.deepCopy();
        String macParallel = encrypt(parallel, new ValueCipher());
        assertEquals(macSequential, macParallel);
        assertNotEquals(plain, parallel);

        // decrypting the parallel output on one thread and the sequential output on several gives the plaintext
        TreeCipher.parallelThreshold = Integer.MAX_VALUE;
        Branch a = parallel.deepCopy();
        assertEquals(macParallel, decrypt(a, new ValueCipher()));
        TreeCipher.parallelThreshold = 1;
        Branch b = sequential.deepCopy();
        ValueCipher stash = new ValueCipher();
        assertEquals(macSequential, decrypt(b, stash));
        assertEquals(plain, a);
        assertEquals(plain, b);

        // the stash filled on several threads gives back every ciphertext
        Branch again = b.deepCopy();
        encrypt(again, stash);
        assertEquals(sequential, again);
    }

    /**
     * A tree of several windows (the walk stops every 4096 leaves to encrypt and apply): every value
     * is encrypted, and the MAC is SHA-512 over all plaintexts in tree order, computed here on its own.
     */
    @Test
    void everyWindowIsEncryptedAndHashedInTreeOrder() throws Exception {
        for (int threshold : new int[] {1, Integer.MAX_VALUE}) {
            TreeCipher.parallelThreshold = threshold;
            Branch doc = new Branch();
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-512");
            for (int g = 0; g < 100; g++) {
                Branch group = new Branch();
                for (int k = 0; k < 100; k++) {
                    String value = "v" + g + "." + k;
                    group.add("k" + k, value);
                    sha.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                doc.add("g" + g, group);
            }
            Branch plain = doc.deepCopy();
            String expected = java.util.HexFormat.of().withUpperCase().formatHex(sha.digest());
            assertEquals(expected, encrypt(doc, new ValueCipher()));
            for (Branch.Item group : doc.items()) {
                for (Branch.Item item : ((Branch) group.value()).items()) {
                    assertEquals(true, ((String) item.value()).startsWith("ENC[AES256_GCM,"), group.key() + ":" + item.key());
                }
            }
            assertEquals(expected, decrypt(doc, new ValueCipher()));
            assertEquals(plain, doc);
        }
    }

    /** Encrypted on several threads, each value still has an IV of its own (IVs come in batches there). */
    @Test
    void everyValueOfABigTreeHasItsOwnIv() {
        for (int threshold : new int[] {1, Integer.MAX_VALUE}) {
            TreeCipher.parallelThreshold = threshold;
            Branch doc = bigTree(3);
            encrypt(doc, new ValueCipher());
            List<String> ivs = new ArrayList<>();
            collectIvs(doc, ivs);
            assertEquals(true, ivs.size() > 3000, "values encrypted: " + ivs.size());
            assertEquals(ivs.size(), new java.util.HashSet<>(ivs).size(), "an IV repeated");
        }
    }

    private static void collectIvs(Object node, List<String> ivs) {
        if (node instanceof Branch b) {
            b.items().forEach(i -> collectIvs(i.value(), ivs));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectIvs(v, ivs));
        } else if (node instanceof String s && s.startsWith("ENC[")) {
            ivs.add(java.util.Base64.getEncoder().encodeToString(EncryptedValue.parseSealed(s).iv()));
        }
    }

    @Test
    void theFirstBadValueInTreeOrderIsReported() {
        TreeCipher.parallelThreshold = 1;
        Branch doc = bigTree(2);
        encrypt(doc, new ValueCipher());
        Branch early = (Branch) doc.get("group_20");
        Branch late = (Branch) doc.get("group_50");
        tamper(late);
        tamper(early);
        SopsException e = assertThrows(SopsException.class, () -> decrypt(doc, new ValueCipher()));
        assertEquals(true, e.getMessage().contains("'group_20:"), e.getMessage());
    }

    private static void tamper(Branch group) {
        for (int i = 0; i < group.items().size(); i++) {
            Object v = group.items().get(i).value();
            if (v instanceof String s && s.startsWith("ENC[") && !s.contains("_unencrypted")) {
                group.items().set(i, group.items().get(i).withValue(s.replace("data:", "data:AAAA")));
                return;
            }
        }
        throw new AssertionError("no encrypted value");
    }
}
