package dev.secrets.sops.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.secrets.sops.metadata.GoRegexTest.find;
import static dev.secrets.sops.metadata.GoRegexTest.refused;

import org.junit.jupiter.api.Test;

/**
 * Go's regexp/syntax limits at their edges (parse.go: {@code repeat}, {@code repeatIsValid},
 * {@code checkSize}/{@code calcSize}, {@code checkHeight}), and how the limit checker reads each
 * construct Go's parser reads: the compiled-size estimate of an expression is Go's {@code calcSize}
 * of Go's parse tree (worked out by hand from parse.go's rules: a literal string is one instruction
 * a rune, a class, {@code .} or an empty-width assertion one, a capture 2 + its body, {@code x*} 2 + x,
 * {@code x+} and {@code x?} 1 + x, {@code x{n,m}} m·x + (m − n), {@code x{n,}} 1 + n·x, an alternation
 * its branches + one between each). Where our own bounds are stricter than Go's (5,000 instructions,
 * 10,000 characters: {@link GoRegexLimits}'s javadoc), they are tested at their edge.
 */
class GoRegexLimitsSpecTest {
    private static GoRegexLimits.Estimate estimate(String regex) {
        try {
            return GoRegexLimits.check(regex);
        } catch (GoRegexLimits.Violation v) {
            throw new AssertionError("refused " + regex + ": " + v.code, v);
        }
    }

    private static long size(String regex) {
        return estimate(regex).size();
    }


    // --- Go's maxRepeat: one count, and the product of nested counts -----------------------------

    @Test
    void aCountOfAThousandIsGosLimit() {
        assertTrue(find("^a{1000}$", "a".repeat(1000)));
        assertTrue(find("^a{0,1000}$", "a".repeat(1000)));
        assertTrue(find("^(?:a{1000},){1}$", "a".repeat(1000) + ","));
        // Go names the braces without a following lazy '?' (the size check precedes repeat()).
        assertEquals("invalid repeat count: `{1001}`", refused("a{1001}?"));
        assertEquals("invalid repeat count: `{1,1001}`", refused("a{1,1001}?"));
        assertEquals("invalid repeat count: `{2,1}`", refused("a{2,1}?"));
        // Go refuses an invalid count where it reads it: before a later part that would be too large.
        assertEquals("invalid repeat count: `{1001}`", refused("a{1001}" + "b".repeat(5_001)));
        String tooLarge = "b".repeat(5_001);
        assertEquals("invalid repeat count: `{2,1}`", refused("a{2,1}" + tooLarge));
        assertEquals("invalid repeat count: `{1,0}`", refused("a{1,0}" + tooLarge));
        assertEquals("invalid repeat count: `{1001}`", refused("a*{1001}" + tooLarge));
        assertEquals("invalid repeat count: `{1001}`", refused("{1001}" + tooLarge));
        // More than 8 digits: too big a number, for the first count or the second.
        assertEquals("invalid repeat count: `{1000000000}`", refused("a{1000000000}" + tooLarge));
        assertEquals("invalid repeat count: `{1,1000000000}`", refused("a{1,1000000000}" + tooLarge));
        assertEquals("invalid repeat count: `{100000000}`", refused("a{100000000}" + tooLarge));
    }

    @Test
    void nestedCountsMultiplyToAtMostAThousand() {
        // {n,m} counts m, {n,} counts n (Go's repeatIsValid), checked when min or max is 2 or more.
        assertTrue(find("^(?:a{500}){2}$", "a".repeat(1000)));
        assertEquals("invalid repeat count: `{2}`", refused("(?:a{501}){2}"));
        assertEquals("invalid repeat count: `{2,}`", refused("(?:a{501}){2,}"));
        assertEquals("invalid repeat count: `{1,2}`", refused("(?:a{501}){1,2}"));
        assertEquals("invalid repeat count: `{0,2}?`", refused("(?:a{501}){0,2}?"));
        assertTrue(find("^(?:a{500}){1,2}$", "a".repeat(500)));
        assertTrue(find("^(?:(?:a{10}){10}){10}$", "a".repeat(1000)));
        assertEquals("invalid repeat count: `{2}`", refused("(?:(?:(?:b{10}){10}){10}){2}"));
        // {0,} does not divide Go's budget: what is below it still counts for the repetitions above.
        assertEquals("invalid repeat count: `{2}`", refused("(?:(?:a{1000}){0,}){2}"));
        assertEquals("invalid repeat count: `{2}`", refused("(?:(?:a{1000})*){2}"));
        // {0} and {0,0} make the count below them irrelevant.
        assertTrue(find("^(?:(?:a{1000}){0,0}b){1000}$", "b".repeat(1000)));
    }

    // --- Go's maxHeight -----------------------------------------------------------------------------

    @Test
    void aParseTreeAThousandHighIsGosLimit() {
        // . is one node, a group (?:...) none, each capture and each repetition one level.
        String nested999 = "(".repeat(999) + "." + ")".repeat(999);
        assertEquals(1000, estimate(nested999).height());
        assertTrue(find(nested999, "x"));
        assertEquals("expression nests too deeply", refused("(".repeat(1000) + "." + ")".repeat(1000)).split(":")[0]);
        // A repetition is a level too: 998 captures around .* reach 1000, around (?:.*)* 1001.
        String starred = "(".repeat(998) + ".*" + ")".repeat(998);
        assertEquals(1000, estimate(starred).height());
        assertEquals("expression nests too deeply",
                refused("(".repeat(998) + "(?:.*)*" + ")".repeat(998)).split(":")[0]);
        // A concatenation of a class and a literal is one level above them.
        assertEquals(1000, estimate("(".repeat(998) + "[ab]c" + ")".repeat(998)).height());
        assertEquals("expression nests too deeply",
                refused("(".repeat(999) + "[ab]c" + ")".repeat(999)).split(":")[0]);
    }

    /**
     * Go's parser joins adjacent literal runes of a concatenation (plain, escaped, hex, octal, quoted with Q..E,
     * a literal brace, the body of a non-capturing group) into one literal-string node, one level high; not
     * across a class, ., an empty group or a change of case folding.
     */
    @Test
    void literalStringsAreOneNodeAsInGo() {
        String[] oneNode = {"ab", "a\\.b\\x41\\012", "(?:ab)c", "\\Qab\\E", "a{b", "(?i)ab", "a\\Q\\Eb", "(?:ab)(?:cd)"};
        for (String body : oneNode) {
            assertEquals(1, estimate(body).height(), body);
            String nested = "(".repeat(999) + body + ")".repeat(999);
            assertEquals(1000, estimate(nested).height(), body);
            GoRegex.compile("encrypted_regex", nested); // accepted, as by Go
        }
        String[] twoLevels = {"a(?i)b", "(?i:a)b", "(?:(?i)a)b", "a.b", "a\\db", "a\\pLb", "ab|cd", "a(?:)b", "(?:ab)*"};
        for (String body : twoLevels) {
            assertEquals(2, estimate(body).height(), body);
            assertEquals("expression nests too deeply",
                    refused("(".repeat(999) + body + ")".repeat(999)).split(":")[0], body);
        }
    }

    @Test
    void heightsOfSmallTrees() {
        assertEquals(1, estimate(".").height());
        assertEquals(2, estimate("a*").height());
        assertEquals(2, estimate("a{0}").height());
        assertEquals(2, estimate("(.)").height());
        assertEquals(3, estimate("ab*").height());
        assertEquals(3, estimate("(.)|[ab]x").height());
    }

    // --- Our bounds: 5,000 instructions and 10,000 characters ---------------------------------------

    @Test
    void fiveThousandInstructionsIsOurBound() {
        assertTrue(find("^" + "a".repeat(4_998) + "$", "a".repeat(4_998)));
        assertEquals(5_000, size("a".repeat(5_000)));
        assertTrue(find("a".repeat(5_000), "a".repeat(5_000)));
        assertTrue(refused("a".repeat(5_001)).startsWith("expression too large (over 5000 instructions): `aaa"));
        assertEquals(5_000, size("(?:abcde){1000}"));
        assertTrue(find("(?:abcde){1000}", "abcde".repeat(1000)));
        assertTrue(refused("(?:abcdef){1000}").startsWith("expression too large"));
        // A literal { counts as an instruction: (?:abcd{){1000} is 5,000, (?:abcd{x){1000} 6,000.
        assertTrue(find("(?:abcd{){1000}", "abcd{".repeat(1000)));
        assertTrue(refused("(?:abcd{x){1000}").startsWith("expression too large"));
        // Alternatives: 2,499 + 2,499 + 1 between them, and one more.
        assertEquals(4_999, size("b".repeat(2_499) + "|" + "c".repeat(2_499)));
        assertTrue(find("b".repeat(2_500) + "|" + "c".repeat(2_499), "c".repeat(2_499)));
        assertTrue(refused("b".repeat(2_500) + "|" + "c".repeat(2_500)).startsWith("expression too large"));
        // A capture is two instructions around its body.
        assertTrue(find("(" + "a".repeat(4_998) + ")", "a".repeat(4_998)));
        assertTrue(refused("(" + "a".repeat(4_999) + ")").startsWith("expression too large"));
    }

    // --- The compiled-size estimate is Go's calcSize ------------------------------------------------

    @Test
    void sizeOfConcatenationsRepetitionsAndAlternations() {
        assertEquals(4, size("ab*"));
        assertEquals(3, size("a*"));
        assertEquals(2, size("a+"));
        assertEquals(2, size("a?"));
        assertEquals(1, size("a{0}"));
        assertEquals(2, size("a{1,}"));
        assertEquals(3, size("a{0,}")); // x{0,} is x*: 2 + x
        assertEquals(2, size("a{2,2}"));
        assertEquals(12, size("(?:ab){3,5}"));
        assertEquals(3, size("^a$"));
        assertEquals(5, size("ab|cd"));
        // Single-character alternatives become one class (Go's factor, round 3).
        assertEquals(1, size("a|b"));
        assertEquals(1, estimate("a|b").height());
        assertEquals(2, size("(?:a|b)c"));
        assertEquals(3, size("(?:a|.)*"));
        assertEquals(4, size("a|bc"));
        assertEquals(9, size("a(bc|d*)"));
        assertEquals(3, size("(?P<n>a)"));
        assertEquals(3, size("(?<n>a)"));
        assertEquals(6, size("(?P<n>a)(?<m>b)"));
    }

    @Test
    void sizeOfEscapes() {
        assertEquals(2, size("\\Aa"));
        assertEquals(2, size("a\\b"));
        assertEquals(3, size("\\Ba\\z"));
        // \Q...\E: each rune a literal; an unterminated \Q runs to the end.
        assertEquals(4, size("\\Qab\\Ecd"));
        assertEquals(3, size("x\\Qab\\E"));
        assertEquals(1, size("\\Q\\E\\Qx\\E"));
        assertEquals(3, size("\\Qabc"));
        assertEquals(2, size("\\Q\u00e9\ud83d\ude00\\E"));
        // \pL, \p{Greek}, \PL: one class each.
        assertEquals(1, size("\\pL"));
        assertEquals(3, size("\\pLab"));
        assertEquals(3, size("\\p{Greek}ab"));
        assertEquals(2, size("\\p{L}a"));
        assertEquals(2, size("\\PNa"));
        // \x41 and \x{41}: one rune.
        assertEquals(1, size("\\x41"));
        assertEquals(2, size("\\x{41}b"));
        assertEquals(2, size("\\x41b"));
        // Octal: a 0 then up to two more digits, or 1-7 followed by an octal digit.
        assertEquals(1, size("\\012"));
        assertEquals(2, size("\\0123"));
        assertEquals(1, size("\\71"));
        assertEquals(2, size("\\08"));
        assertEquals(1, size("\\07"));
        assertEquals(1, size("\\00"));
        assertEquals(2, size("a\\."));
        assertEquals(2, size("\\d\\.")); // \d is a class
        assertTrue(find("^\\71\\0123$", "9\n3"));
    }

    @Test
    void sizeOfClasses() {
        // A class is one instruction; ] first (also after ^) is a member, [:alpha:] a named class.
        assertEquals(1, size("[^]a]"));
        assertEquals(1, size("[]a]"));
        assertEquals(2, size("[]a]b"));
        assertEquals(1, size("[[:alpha:]]"));
        assertEquals(2, size("[[:alpha:]x]y"));
        assertEquals(2, size("[ab]c"));
        assertEquals(2, size("[\\]a]b"));
        assertEquals(2, size("[\\x{5d}]b"));
        assertEquals(2, size("[\\p{Greek}]b"));
        assertEquals(2, size("[\\0123]b"));
        // A :] after the class is no part of it.
        assertEquals(4, size("[a]b:]"));
        assertEquals(4, size("[[:digit:]]b:]"));
        assertTrue(find("^[^]a]$", "b"));
        assertFalse(find("^[^]a]$", "]"));
    }

    @Test
    void aBraceThatIsNoRepetitionIsALiteral() {
        assertEquals(2, size("a{"));
        assertEquals(5, size("x{,3}"));
        assertEquals(5, size("a{01}"));
        assertEquals(4, size("a{x}"));
        assertEquals(3, size("a{1"));
        assertEquals(4, size("a{1,"));
        assertEquals(5, size("a{1,2"));
        assertEquals(4, size("a{12"));
        for (String literal : new String[] {"a{1", "a{1,", "a{1,2", "a{12", "a{", "a{x}", "a{01}"}) {
            assertTrue(find("^" + literal + "$", literal), literal);
        }
        // Counts with the digits 0 and 9.
        assertEquals(10, size("a{10}"));
        assertEquals(9, size("a{9}"));
        assertEquals(118, size("a{100,109}")); // 109 copies + 9 optional branches
    }

    @Test
    void flagGroupsAndNonCapturingGroups() {
        // (?flags) makes no node; (?flags:...) and (?:...) make no node of their own.
        assertEquals(2, size("(?i)ab"));
        assertEquals(2, size("(?i-s)ab"));
        assertEquals(2, size("(?U)ab"));
        assertEquals(2, size("(?i:a)b"));
        assertEquals(2, size("(?:a)b"));
        assertEquals(2, size("a(?m)b"));
        assertTrue(find("^(?i)ab$", "AB"));
    }

    @Test
    void unterminatedConstructsAreGosSyntaxErrors() {
        assertEquals("trailing backslash at end of expression", refused("[a\\"));
        assertEquals("invalid character class range: `\\p`", refused("a\\p"));
        assertEquals("invalid character class range: `\\p`", refused("[\\p"));
        assertEquals("invalid character class range: `\\p{Greek`", refused("a\\p{Greek"));
        assertEquals("invalid named capture: `(?P<name`", refused("(?P<name"));
        assertEquals("invalid or unsupported Perl syntax: `(?i`", refused("(?i"));
        assertEquals("invalid or unsupported Perl syntax: `(?`", refused("a(?"));
        assertEquals("missing closing ]: `[`", refused("a["));
    }
}
