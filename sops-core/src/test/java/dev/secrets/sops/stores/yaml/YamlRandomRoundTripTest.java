package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever the emitter writes must read back as the same tree (values, types, key order). */
class YamlRandomRoundTripTest {
    private static final String[] PIECES = {"a", "b", "yes", "no", "~", "null", "true", "0", "012", "0x1F", "1_0",
        "1.5", "1e3", ".inf", "-", "--", "---", "...", ":", ": ", " ", "  ", "#", " #", "'", "\"", "\\", "\t", "\n",
        "\n\n", "*", "&", "!", "|", ">", "%", "@", "`", "[", "]", "{", "}", ",", "?", "2024-01-01", "12:30", "é",
        "日本", "\u00A0", "\u0001", "\uD83D\uDE00", "<<", "=", "ENC[AES256_GCM,data:x,type:str]", "\r", "\u2028"};

    private final Random random = new Random(20260523);

    private String randomString() {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    private Object randomLeaf() {
        switch (random.nextInt(8)) {
            case 0: return random.nextLong() >> random.nextInt(64);
            case 1: {
                double d = random.nextBoolean() ? random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)
                        : random.nextInt(1000) * 1e6;
                // go-yaml writes 309.0 as "309", which reads back as an int (sops does the same): skip those
                String text = GoFloatFormat.formatG(d);
                return text.matches("-?[0-9]+") ? d + 0.5 : d;
            }
            case 2: return random.nextBoolean();
            case 3: return null;
            case 4: return OffsetDateTime.of(2000 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(3) * 120_000_000,
                    ZoneOffset.ofHoursMinutes(random.nextInt(3) - 1, 0));
            default: {
                String text = randomString();
                // snakeyaml-engine cannot read a block scalar made of line breaks only in a list item
                return text.matches("\n+") ? text + "x" : text;
            }
        }
    }

    private Object randomValue(int depth) {
        int k = depth > 3 ? 0 : random.nextInt(5);
        if (k == 1) {
            return randomBranch(depth + 1);
        }
        if (k == 2) {
            List<Object> l = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                l.add(randomValue(depth + 1));
            }
            return l;
        }
        return randomLeaf();
    }

    private Branch randomBranch(int depth) {
        Branch b = new Branch();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String key = randomString() + i; // distinct keys
            b.add(key, randomValue(depth));
        }
        return b;
    }

    @Test
    void emittedTreesReadBackIdentically() {
        for (int indent : new int[] {0, 2, 3}) {
            YamlStore store = new YamlStore(indent);
            for (int round = 0; round < 400; round++) {
                Branch doc = randomBranch(0);
                byte[] out = store.emitPlain(List.of(doc));
                List<Branch> back;
                try {
                    back = store.loadPlain(out);
                } catch (RuntimeException e) {
                    throw new AssertionError(e.getMessage() + " reading:\n" + visible(new String(out, StandardCharsets.UTF_8)), e);
                }
                assertEquals(List.of(doc), back, () -> visible(new String(out, StandardCharsets.UTF_8)));
            }
        }
    }

    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
                b.appendCodePoint(c);
            } else {
                b.append(String.format("<U+%04X>", c));
            }
        });
        return b.toString();
    }

    /**
     * Adds comments where sops reads them back into the same container: full-line ones anywhere
     * except before the first entry of a collection that is itself a list element (go-yaml moves
     * those out to the list), inline ones before scalars. Keys are kept simple (no "?" keys).
     */
    private Object withComments(Object value, boolean listElement) {
        if (value instanceof Branch b && !b.isEmpty()) {
            Branch out = new Branch();
            boolean first = true;
            for (Branch.Item item : b) {
                maybeComments(item.value(), !(first && listElement), c -> out.addComment(c));
                first = false;
                out.add(((String) item.key()).replaceAll("[\\n\\r\\u0085\\u2028\\u2029]", "_"), withComments(item.value(), false));
            }
            if (random.nextInt(3) == 0) {
                out.addComment(new Comment(" tail " + random.nextInt(100)));
            }
            return out;
        }
        if (value instanceof List<?> l && !l.isEmpty()) {
            List<Object> out = new ArrayList<>();
            boolean first = true;
            for (Object element : l) {
                maybeComments(element, !(first && listElement), out::add);
                first = false;
                out.add(withComments(element, true));
            }
            if (random.nextInt(3) == 0) {
                out.add(new Comment("tail" + random.nextInt(100)));
            }
            return out;
        }
        return value;
    }

    private void maybeComments(Object before, boolean fullLineAllowed, java.util.function.Consumer<Comment> sink) {
        if (fullLineAllowed && random.nextInt(3) == 0) {
            sink.accept(new Comment(" c" + random.nextInt(100)));
        }
        boolean scalar = !(before instanceof Branch) && !(before instanceof List);
        if (scalar && random.nextInt(3) == 0) {
            sink.accept(new Comment(" i" + random.nextInt(100), true));
        }
    }

    @Test
    void commentsComeBackInTheirContainers() {
        for (int indent : new int[] {0, 2}) {
            YamlStore store = new YamlStore(indent);
            for (int round = 0; round < 400; round++) {
                Branch doc = (Branch) withComments(randomBranch(0), false);
                byte[] out = store.emitPlain(List.of(doc));
                List<Branch> back = store.loadPlain(out);
                assertEquals(List.of(doc), back, () -> visible(new String(out, StandardCharsets.UTF_8)));
            }
        }
    }
}
