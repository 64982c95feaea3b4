package dev.secrets.sops.stores.yaml;

import java.util.Random;

/**
 * Random YAML texts around the edges of what {@link FastYamlReader} reads: block maps and lists at
 * varied indentation (indentless lists too), keys and scalars of every kind, literal blocks, blank
 * lines and comments anywhere; and character-level mutations of them.
 */
final class YamlTextGenerator {
    private static final String[] KEYS = {"a", "b", "key_1", "KEY", "b.c", "x-y", "p/q", "1", "0x1F", "true", "null",
        "yes", "~", ".x", "-x", "_x", "a b", "<<", "...", "---", "a:b", "\"q\"", "'s'", "é", "k#", "k ", "?", "sops",
        "enc", "lastmodified"};
    private static final String[] PLAIN = {"1", "-5", "+3", "0x1F", "012", "1.5", "1e3", ".5", ".inf", "true", "yes",
        "No", "~", "null", "a", "a b", "a  b", "a #b", "a#b", "a: b", "a:b", "a:", "http://x:8080/p", "-", "--", "-x",
        "- x", "?", "? x", "?x", ":x", ": x", "@x", "`x", "%x", "&a x", "*a", "!t x", "!!str x", "[]", "{}", "[a]",
        "{a: b}", "[ ]", "[]x", "\"dq\"", "\"d\\nq\"", "\"a\\\\\"", "\"\"", "\"a\"b", "\"a\" #c", "\"un", "'sq'",
        "'it''s'", "''", "'a'b", ">", ">-", "#", "é", "日本", "a\u00A0b", "x\u2028y", "a\tb", "ENC[AES256_GCM,data:Zm9v,iv:"
        + "MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]",
        "2024-01-02T03:04:05Z", "12:30:00", "a, b", "a]b", "a}b", "a,b", "x\\y", "a 'b'", "a \"b\""};
    private static final String[] COMMENTS = {"", " c", "#", " ENC[AES256_GCM,data:x,type:comment]", " a: b", "  trailing  ",
        " é", " - x"};
    private static final String MUTATIONS = " \t:-#\n\"'|>[]{}&*!?,.%@`\\\r\u00A0x0";

    private final Random random;

    YamlTextGenerator(long seed) {
        this.random = new Random(seed);
    }

    private <T> T pick(T[] a) {
        return a[random.nextInt(a.length)];
    }

    private String key() {
        return random.nextInt(3) == 0 ? pick(KEYS) : "k" + random.nextInt(50);
    }

    private String spaces(int n) {
        return " ".repeat(Math.max(0, n));
    }

    private void maybeNoise(StringBuilder b, int indent) {
        int r = random.nextInt(12);
        if (r == 0) {
            b.append('\n');
        } else if (r == 1) {
            b.append(spaces(random.nextInt(6))).append('\n');
        } else if (r < 4) {
            b.append(spaces(random.nextInt(3) == 0 ? random.nextInt(8) : indent)).append('#').append(pick(COMMENTS)).append('\n');
        }
    }

    private String lineEnd() {
        return random.nextInt(6) == 0 ? spaces(1 + random.nextInt(2)) + "#" + pick(COMMENTS) : random.nextInt(10) == 0 ? " " : "";
    }

    /** A value after "key:" or "-": on the line, or below it. */
    private void value(StringBuilder b, int indent, int depth) {
        int r = random.nextInt(10);
        if (depth < 4 && r < 3) {
            b.append(lineEnd()).append('\n');
            maybeNoise(b, indent);
            int child = indent + (random.nextInt(4) == 0 ? random.nextInt(2) : 1 + random.nextInt(4));
            if (random.nextBoolean()) {
                mapping(b, child, depth + 1);
            } else {
                sequence(b, random.nextInt(4) == 0 ? indent : child, depth + 1);
            }
        } else if (r == 3) {
            b.append(" |").append(random.nextInt(3) == 0 ? "-" : random.nextInt(8) == 0 ? "+" : "").append('\n');
            int ci = indent + (random.nextInt(5) == 0 ? random.nextInt(2) : 1 + random.nextInt(3));
            int lines = 1 + random.nextInt(3);
            for (int i = 0; i < lines; i++) {
                int extra = random.nextInt(5) == 0 ? random.nextInt(3) : 0;
                String text = random.nextInt(5) == 0 ? "# not a comment" : pick(PLAIN);
                b.append(spaces(ci + extra)).append(text).append('\n');
                if (random.nextInt(8) == 0) {
                    b.append(random.nextBoolean() ? "" : spaces(random.nextInt(ci + 3))).append('\n');
                }
            }
        } else if (r == 4) {
            b.append(lineEnd()).append('\n');
        } else {
            b.append(' ').append(pick(PLAIN)).append(lineEnd()).append('\n');
        }
        maybeNoise(b, indent);
    }

    private void mapping(StringBuilder b, int indent, int depth) {
        int entries = 1 + random.nextInt(4);
        for (int i = 0; i < entries; i++) {
            b.append(spaces(indent)).append(key()).append(':');
            value(b, indent, depth);
        }
    }

    private void sequence(StringBuilder b, int indent, int depth) {
        int entries = 1 + random.nextInt(3);
        for (int i = 0; i < entries; i++) {
            b.append(spaces(indent)).append('-');
            if (depth < 4 && random.nextInt(3) == 0) {
                // a map in the list item, its first key on the dash's line
                int gap = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                b.append(spaces(gap)).append(key()).append(':');
                value(b, indent + 1 + gap, depth + 1);
                if (random.nextBoolean()) {
                    b.append(spaces(indent + 1 + gap)).append(key()).append(':');
                    value(b, indent + 1 + gap, depth + 1);
                }
            } else {
                value(b, indent, depth);
            }
        }
    }

    String document() {
        StringBuilder b = new StringBuilder();
        maybeNoise(b, 0);
        mapping(b, 0, 0);
        String s = b.toString();
        return random.nextInt(10) == 0 ? s.substring(0, s.length() - 1) : s;
    }

    String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length() + 1);
            char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, c);
                case 1 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < b.length()) {
                        b.setCharAt(at, c);
                    }
                }
            }
        }
        return b.toString();
    }
}
