package dev.secrets.sops.interop;

import dev.secrets.sops.stores.Format;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random plaintext trees of the shapes each store can hold. */
final class RandomTrees {
    private static final String[] WORDS = {"alpha", "beta", "gamma", "δέλτα", "ключ", "鍵", "emoji😀", "with space",
        "dash-key", "under_score", "x", "password", "token", "a.b", "UPPER"};
    private final Random random;
    private boolean listComments = true;

    RandomTrees(long seed) {
        this.random = new Random(seed);
    }

    RandomTrees withoutListComments() {
        listComments = false;
        return this;
    }

    Branch tree(Format format) {
        return switch (format) {
            case YAML -> map(3, true, true);
            case JSON -> map(3, false, true);
            case DOTENV -> dotenv();
            case INI -> ini();
            case BINARY -> new Branch().add("data", text() + "\n" + text());
        };
    }

    private Branch map(int depth, boolean comments, boolean typed) {
        Branch b = new Branch();
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (comments && random.nextInt(4) == 0) {
                b.addComment(new Comment(" " + text().replace("\n", " ")));
            }
            String key = word() + i;
            b.add(key, value(depth, comments, typed));
        }
        return b;
    }

    private Object value(int depth, boolean comments, boolean typed) {
        int kind = random.nextInt(depth > 0 ? 10 : 8);
        switch (kind) {
            case 0: return typed ? (Object) (long) (random.nextInt(2_000_001) - 1_000_000) : text();
            case 1: return typed ? (Object) (random.nextInt(100_000) / 64.0 + 0.5) : text();
            case 2: return typed ? (Object) random.nextBoolean() : text();
            case 3: return "";
            case 4: return typed ? null : text();
            case 8: return map(depth - 1, comments, typed);
            case 9: {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (comments && listComments && random.nextInt(4) == 0) {
                        list.add(new Comment(" " + text().replace("\n", " ")));
                    }
                    list.add(value(depth - 1, comments, typed));
                }
                return list;
            }
            default: return text();
        }
    }

    private Branch dotenv() {
        Branch b = new Branch();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(4) == 0) {
                b.addComment(new Comment(" " + text().replace("\n", " ")));
            }
            b.add("KEY_" + i + "_" + random.nextInt(1000), random.nextInt(6) == 0 ? "" : text().replace("\\n", "/"));
        }
        return b;
    }

    private Branch ini() {
        Branch root = new Branch();
        int sections = 1 + random.nextInt(3);
        for (int s = 0; s < sections; s++) {
            Branch section = new Branch();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                section.add("key" + i, "v" + random.nextInt(1_000_000) + "-" + word().replace(" ", "_"));
            }
            root.add("section" + s, section);
        }
        return root;
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private String text() {
        StringBuilder sb = new StringBuilder(word());
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextBoolean() ? " " : "=").append(word());
        }
        if (random.nextInt(5) == 0) {
            sb.append("\nsecond line");
        }
        return sb.toString();
    }
}
