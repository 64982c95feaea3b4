package dev.secrets.sops.merge;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.TestKey;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Encrypted files for the merge tests, edited the way a user's {@code sops edit} would. */
final class MergeFixtures {
    private MergeFixtures() {
    }

    static byte[] encrypt(String plaintext, Format format, TestKey key) {
        return Sops.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), format, EncryptionRule.of(List.of(key)));
    }

    /** Opens the file, changes its first document and writes it back with the same data key. */
    static byte[] edit(byte[] encrypted, Format format, List<Identity> identities, Consumer<Branch> change) {
        try (DecryptedFile file = Sops.decrypt(encrypted, format, identities)) {
            change.accept(file.documents().get(0));
            return file.encrypt(Stores.of(format));
        }
    }

    /** The first document as plain values, the MAC verified. */
    static Map<String, Object> open(byte[] encrypted, Format format, List<Identity> identities) {
        try (DecryptedFile file = Sops.decrypt(encrypted, format, identities)) {
            return file.toMap();
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The metadata lines every write renews (lastmodified may keep its value within one second). */
    private static final List<String> RENEWED = List.of("lastmodified", "mac", "sops_lastmodified", "sops_mac");

    /**
     * Asserts that {@code merged} is {@code ours} with exactly these lines removed and added (named
     * by their key, {@code #} for a comment line), every other line equal byte for byte and in order;
     * the lastmodified and MAC lines aside.
     */
    static void assertLineDiff(byte[] ours, byte[] merged, List<String> removedKeys, List<String> addedKeys) {
        List<String> oursLines = withoutRenewed(text(ours));
        List<String> mergedLines = withoutRenewed(text(merged));
        List<String> removed = minus(oursLines, mergedLines);
        List<String> added = minus(mergedLines, oursLines);
        assertEquals(sorted(removedKeys), sorted(keys(removed)), "lines of ours not in the result");
        assertEquals(sorted(addedKeys), sorted(keys(added)), "lines of the result not in ours");
        assertEquals(minus(oursLines, removed), minus(mergedLines, added), "the other lines, in order");
    }

    private static List<String> withoutRenewed(String text) {
        return List.of(text.split("\n", -1)).stream().filter(l -> !RENEWED.contains(keys(List.of(l)).get(0))).toList();
    }

    /** The lines of {@code a} left after taking out one occurrence per line of {@code b}. */
    private static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        b.forEach(l -> counts.merge(l, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String line : a) {
            if (counts.getOrDefault(line, 0) > 0) {
                counts.merge(line, -1, Integer::sum);
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> keys(List<String> lines) {
        return lines.stream().map(l -> {
            String s = l.strip();
            if (s.startsWith("#")) {
                return "#";
            }
            int end = s.indexOf('=') >= 0 && (s.indexOf(':') < 0 || s.indexOf('=') < s.indexOf(':')) ? s.indexOf('=') : s.indexOf(':');
            return end < 0 ? s : s.substring(0, end);
        }).toList();
    }

    private static List<String> sorted(List<String> list) {
        String[] a = list.toArray(new String[0]);
        Arrays.sort(a);
        return List.of(a);
    }
}
