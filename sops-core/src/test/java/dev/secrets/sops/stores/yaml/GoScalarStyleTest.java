package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The emitter's scalar analysis walks the string char by char (no code-point array): it must decide
 * exactly as the straightforward code-point version below, which follows go-yaml's
 * yaml_emitter_analyze_scalar, for any string, surrogate pairs and line separators included.
 */
class GoScalarStyleTest {
    private static final String[] PIECES = {"a", "Z", "0", " ", "  ", "\t", "\n", "\r", "\r\n", "#", " #", ":", ": ",
        "-", "--", "---", "...", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
        "\\", "\u0085", "\u00A0", "\u2028", "\u2029", "\uFEFF", "\u0001", "\u007F", "é", "日", "\uD83D\uDE00",
        "\uE000", "\uFFFD", "\uFFFE", "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]"};

    @Test
    void analysisMatchesTheCodePointVersion() {
        Random random = new Random(20260601);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int k = random.nextInt(6);
            for (int i = 0; i < k; i++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String s = b.toString();
            GoScalarStyle.Analysis got = GoScalarStyle.analyze(s);
            boolean[] want = reference(s);
            assertEquals(want[0], got.multiline(), s);
            assertEquals(want[1], got.blockPlainAllowed(), s);
            assertEquals(want[2], got.singleQuotedAllowed(), s);
            assertEquals(want[3], got.blockAllowed(), s);
        }
    }

    /** The analysis by code point array: multiline, block plain, single quoted, block allowed. */
    private static boolean[] reference(String value) {
        if (value.isEmpty()) {
            return new boolean[] {false, true, true, false};
        }
        boolean blockIndicators = value.startsWith("---") || value.startsWith("...");
        boolean lineBreaks = false;
        boolean special = false;
        boolean tabs = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;
        boolean precededByWhitespace = true;
        int[] cps = value.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean followedByWhitespace = i + 1 >= cps.length || cps[i + 1] == ' ' || cps[i + 1] == '\t';
            if (i == 0) {
                if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                    blockIndicators = true;
                } else if ((c == '?' || c == ':' || c == '-') && followedByWhitespace) {
                    blockIndicators = true;
                }
            } else if (c == ':' && followedByWhitespace) {
                blockIndicators = true;
            } else if (c == '#' && precededByWhitespace) {
                blockIndicators = true;
            }
            if (c == '\t') {
                tabs = true;
            } else if (!GoScalarStyle.printable(c)) {
                special = true;
            }
            if (c == ' ') {
                leadingSpace |= i == 0;
                trailingSpace |= i == cps.length - 1;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            } else if (GoScalarStyle.isBreak(c)) {
                lineBreaks = true;
                leadingBreak |= i == 0;
                trailingBreak |= i == cps.length - 1;
                spaceBreak |= previousSpace;
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = c == ' ' || c == '\t' || GoScalarStyle.isBreak(c);
        }
        boolean blockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace
                || spaceBreak || tabs || special || lineBreaks || blockIndicators);
        boolean single = !(breakSpace || spaceBreak || tabs || special);
        boolean block = !(trailingSpace || spaceBreak || special);
        return new boolean[] {lineBreaks, blockPlain, single, block};
    }
}
