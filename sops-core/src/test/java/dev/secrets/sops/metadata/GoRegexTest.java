package dev.secrets.sops.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Regexes from files behave as Go's regexp does in sops, where RE2 and java.util.regex differ: the
 * syntax RE2 refuses, the constructs both accept but read differently, and Go's limits.
 */
class GoRegexTest {
    static boolean find(String regex, String text) {
        return GoRegex.compile("encrypted_regex", regex).find(text);
    }

    /** The error text after sops' prefix, checked to be one line with exit code 1. */
    static String refused(String regex) {
        SopsException e = assertThrows(SopsException.class, () -> GoRegex.compile("encrypted_regex", regex));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        String prefix = "encrypted_regex is not a valid regular expression: ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    @Test
    void syntaxOnlyJavaAccepts() {
        // java.util.regex: end of input before a final line terminator; RE2 has \z only.
        assertEquals("invalid escape sequence: `\\Z`", refused("abc\\Z"));
        // Possessive quantifiers.
        assertEquals("invalid nested repetition operator: `++`", refused("a++"));
        assertEquals("invalid nested repetition operator: `*+`", refused("a*+"));
        // Backreferences and lookaround: RE2 has no way to match them in linear time.
        assertEquals("invalid escape sequence: `\\1`", refused("(a)\\1"));
        assertEquals("invalid or unsupported Perl syntax: `(?=`", refused("pass(?=word)"));
        assertEquals("invalid or unsupported Perl syntax: `(?!`", refused("pass(?!word)"));
        assertEquals("invalid escape sequence: `\\G`", refused("\\Ga"));
        // Comments mode.
        assertEquals("invalid or unsupported Perl syntax: `(?x`", refused("(?x) a b"));
        assertEquals("invalid repeat count: `{1001}`", refused("a{1001}"));
    }

    @Test
    void errorsNameTheOffendingPart() {
        assertEquals("missing closing ): `^(data|stringData$`", refused("^(data|stringData$"));
        assertEquals("missing closing ]: `[a-z`", refused("[a-z"));
        assertEquals("trailing backslash at end of expression", refused("abc\\"));
        // A control character in the expression is escaped, so the message stays one line.
        assertEquals("missing closing ): `(a\\nb`", refused("(a\nb"));
    }

    @Test
    void constructsJavaReadsDifferently() {
        // (?i) folds Unicode case in Go; java.util.regex folds ASCII only without UNICODE_CASE.
        assertTrue(find("(?i)^été$", "ÉTÉ"));
        assertTrue(find("(?i)^k$", "\u212A")); // KELVIN SIGN folds to k
        // $ is the end of the text; java.util.regex also matches before a final line terminator.
        assertFalse(find("^password$", "password\n"));
        assertTrue(find("(?m)^password$", "password\n"));
        // . excludes only \n; java.util.regex also excludes \r, U+0085, U+2028, U+2029.
        assertTrue(find("^a.b$", "a\rb"));
        assertTrue(find("^a.b$", "a\u2028b"));
        assertFalse(find("^a.b$", "a\nb"));
        // POSIX classes; java.util.regex reads [[:alpha:]] as the characters ":alph".
        assertTrue(find("^[[:alpha:]]+$", "Zz"));
        assertFalse(find("^[[:alpha:]]+$", ":"));
        // && is no intersection in RE2: the class holds a, & and b.
        assertTrue(find("^[a&&b]$", "&"));
        // \v is the vertical tab only, \s excludes it; java.util.regex: \v is any vertical whitespace.
        assertFalse(find("\\v", "\n"));
        assertTrue(find("\\v", "\u000B"));
        assertFalse(find("\\s", "\u000B"));
        // Python-style named groups, which java.util.regex refuses.
        assertTrue(find("^(?P<name>pass)word$", "password"));
        // {,3} is no repetition in Go: it is literal text.
        assertTrue(find("^x{,3}$", "x{,3}"));
        assertFalse(find("^x{,3}$", "xxx"));
    }

    @Test
    void searchesUnanchored() {
        assertTrue(find("word", "password"));
        assertFalse(find("^word", "password"));
        assertTrue(find("", "anything"));
    }

    @Test
    void goLimitsOnRepetition() {
        // The counts of nested repetitions multiply to at most 1000 (Go's repeatIsValid).
        assertEquals("invalid repeat count: `{1000}`", refused("((a{1000}){1000}){1000}"));
        assertEquals("invalid repeat count: `{501}`", refused("(a{2}){501}"));
        assertEquals("invalid repeat count: `{3}?`", refused("(?:x{2,400}){3}?"));
        assertTrue(find("^(a{2}){500}$", "a".repeat(1000)));
        assertFalse(find("^(a{2}){500}$", "a".repeat(999)));
        // Below a {0} nothing counts; {n,} counts n.
        assertTrue(find("^(?:(?:a{1000}){0}b){5}$", "bbbbb"));
        assertTrue(find("^(?:a{500,}){2}$", "a".repeat(1000)));
        assertEquals("invalid repeat count: `{2}`", refused("(?:a{501,}){2}"));
    }

    @Test
    void goLimitOnNesting() {
        assertTrue(find("(".repeat(999) + "a" + ")".repeat(999), "a"));
        assertEquals("expression nests too deeply: `" + "(".repeat(100) + "...`",
                refused("(".repeat(1000) + "a" + ")".repeat(1000)));
    }

    @Test
    void ourLimitsOnSizeAndLength() {
        assertTrue(refused("(?:abcdefghij){1000}").startsWith("expression too large (over 5000 instructions): `"));
        assertTrue(find("^(?:abcdefghij){400}$", "abcdefghij".repeat(400)));
        assertTrue(refused("a".repeat(10_001)).startsWith("expression too long (over 10000 characters): `aaa"));
        assertTrue(find("[" + "a".repeat(9_998) + "]", "a"));
    }

    @Test
    void refusesHugeExpansionsQuickly() {
        // RE2/J alone expands these at compile time until the heap is gone.
        CatastrophicRegexTest.assertFast("refusing huge expansions", () -> {
            refused("((a{1000}){1000}){1000}");
            refused("(\\pL{1000}|b{1000}){1000}");
            refused("(?:(?:(?:(?:(?:a{10}){10}){10}){10}){10})");
        });
    }

    /**
     * RE2/J recurses per parse-tree node when compiling and per instruction of an empty-width chain
     * when matching; expressions within the limits still work from a thread with a small stack.
     */
    @Test
    void deepExpressionsNeedNoDeepCallerStack() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                assertTrue(find("(".repeat(999) + "a" + ")".repeat(999), "xa"));
                // Small (1,000 and 999 instructions) but deep: RE2/J's compiler overflows 128 KiB inline.
                assertTrue(find("(?:".repeat(999) + "a" + ")?".repeat(999), "xa"));
                assertTrue(find("(".repeat(499) + "a" + ")".repeat(499), "xa"));
                // Deep by height, compiled to 999 instructions: matching it inline overflows too.
                assertTrue(find("(".repeat(498) + "a" + ")".repeat(498), "xa"));
                // 1,000 instructions by Go's estimate, 1,002 compiled by RE2/J: a chain of 500 x? to match.
                assertTrue(find("(?:a?){500}", "a"));
                assertTrue(find("^(?:()()()){500}$", ""));
                assertTrue(find("^(?:a?b?c?d?e?){480}z$", "abcdez"));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join();
        if (failure.get() != null) {
            throw new AssertionError("failed on a 128 KiB stack", failure.get());
        }
    }

    @Test
    void keepsTheExpressionAsWritten() {
        // ConfigLoader gives a creation rule's path_regex back as written.
        assertEquals("^secrets/.*\\.ya?ml$", GoRegex.compile("path_regex", "^secrets/.*\\.ya?ml$").toString());
    }

    @Test
    void quotesAHundredCharactersOfTheExpression() {
        String hundred = "(" + "a".repeat(99);
        assertEquals("missing closing ): `" + hundred + "`", refused(hundred));
        assertEquals("missing closing ): `" + hundred + "...`", refused(hundred + "b"));
    }

    /** Expressions over the inline size compile on a thread of their own; the caller notices nothing. */
    @Test
    void aDeepCompileLeavesTheCallersInterruptStatusAlone() {
        String large = "^(?:abcdefghij){200}$";
        String text = "abcdefghij".repeat(200);
        GoRegex regex = GoRegex.compile("encrypted_regex", large);
        assertFalse(Thread.currentThread().isInterrupted());
        assertTrue(regex.find(text));
        assertFalse(Thread.currentThread().isInterrupted());
        // An interrupt while waiting is kept for the caller, and the result still comes back.
        Thread.currentThread().interrupt();
        try {
            regex = GoRegex.compile("encrypted_regex", large);
        } finally {
            assertTrue(Thread.interrupted()); // also clears it
        }
        Thread.currentThread().interrupt();
        try {
            assertTrue(regex.find(text));
        } finally {
            assertTrue(Thread.interrupted());
        }
    }

    @Test
    void aSyntaxErrorFoundOnTheDeepThreadIsGosMessage() {
        assertEquals("missing closing ): `(?:abcdefghij){200}(`", refused("(?:abcdefghij){200}("));
        assertEquals("invalid nested repetition operator: `**`", refused("(?:abcdefghij){200}a**"));
    }
}
