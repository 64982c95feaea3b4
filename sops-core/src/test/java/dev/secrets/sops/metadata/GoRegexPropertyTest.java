package dev.secrets.sops.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.re2j.Pattern;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random regexes from a small grammar (groups, alternations, classes, greedy and lazy repetitions,
 * nested up to two deep: {@code (?:a*)*b} and its kin, which make a backtracking engine take
 * exponential time on a run of a's) against random texts of 100 to 10,000 characters: every match
 * finishes within a CPU time proportional to the text's length (times the compiled size, RE2's
 * bound).
 * On short texts, where java.util.regex
 * is quick, both engines agree on whether there is a match: the grammar has only constructs they
 * read alike. The size estimate that guards RE2/J's compiler is never below the size it compiles.
 * -Dregex.seed=N replays a run.
 */
class GoRegexPropertyTest {
    private static final int PATTERNS = 200;
    private static final int[] LENGTHS = {100, 1_000, 10_000};
    /**
     * A start-up allowance, then 500 ns a character and instruction (RE2/J takes 5 to 90, the most
     * while still interpreted): far under what backtracking takes on the patterns that need it.
     */
    private static final long BASE_NANOS = 100_000_000L;
    private static final long NANOS_PER_CHAR_AND_INSTRUCTION = 500L;

    private final long seed = Long.getLong("regex.seed", System.nanoTime());
    private final Random random = new Random(seed);

    @Test
    void everyMatchIsLinearAndAgreesWithJavaOnShortTexts() {
        for (int p = 0; p < PATTERNS; p++) {
            String regex = alternation(0);
            String where = " (pattern " + regex + ", -Dregex.seed=" + seed + ")";
            GoRegex compiled = GoRegex.compile("encrypted_regex", regex);
            long estimate = estimate(regex);
            int programSize = Pattern.compile(regex).programSize();
            assertTrue(programSize <= estimate + 3, "compiled size " + programSize + " over estimate " + estimate + where);
            for (int length : LENGTHS) {
                String text = text(length);
                long took = CpuTime.nanos(length + " characters" + where, () -> compiled.find(text));
                if (took > BASE_NANOS + NANOS_PER_CHAR_AND_INSTRUCTION * length * programSize) {
                    fail("matching " + length + " characters took " + took / 1_000_000 + " ms, compiled size "
                            + programSize + where);
                }
            }
            for (int i = 0; i < 5; i++) {
                String text = text(random.nextInt(9));
                assertEquals(java.util.regex.Pattern.compile(regex).matcher(text).find(), compiled.find(text),
                        "on \"" + text + "\"" + where);
            }
        }
    }

    private static long estimate(String regex) {
        try {
            return GoRegexLimits.check(regex).size();
        } catch (GoRegexLimits.Violation v) {
            throw new AssertionError(regex + ": " + v.code);
        }
    }

    /** Mostly a's, so that a pattern that needs a b or a c fails only at the end. */
    private String text(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(40);
            out.append(r == 0 ? 'b' : r == 1 ? 'c' : 'a');
        }
        return out.toString();
    }

    private String alternation(int depth) {
        StringBuilder out = new StringBuilder(concatenation(depth));
        while (random.nextInt(4) == 0) {
            out.append('|').append(concatenation(depth));
        }
        return out.toString();
    }

    private String concatenation(int depth) {
        StringBuilder out = new StringBuilder();
        int pieces = 1 + random.nextInt(3);
        for (int i = 0; i < pieces; i++) {
            out.append(atom(depth)).append(repetition());
        }
        return out.toString();
    }

    private String atom(int depth) {
        int choice = random.nextInt(depth < 2 ? 9 : 6);
        return switch (choice) {
            case 0, 1 -> "a";
            case 2 -> "b";
            case 3 -> random.nextBoolean() ? "[ab]" : "[^b]";
            case 4 -> random.nextBoolean() ? "." : "\\w";
            case 5 -> random.nextBoolean() ? "c" : "[a-c]";
            case 6 -> "(" + alternation(depth + 1) + ")";
            default -> "(?:" + alternation(depth + 1) + ")";
        };
    }

    private String repetition() {
        String op = switch (random.nextInt(9)) {
            case 0, 1 -> "*";
            case 2 -> "+";
            case 3 -> "?";
            case 4 -> "{" + random.nextInt(4) + "}";
            case 5 -> "{" + random.nextInt(4) + ",}";
            case 6 -> {
                int min = random.nextInt(3);
                yield "{" + min + "," + (min + random.nextInt(4)) + "}";
            }
            default -> "";
        };
        return !op.isEmpty() && random.nextInt(4) == 0 ? op + "?" : op;
    }
}
