package dev.secrets.sops.stores.yaml;

/**
 * Chooses how go-yaml v3 writes a string scalar: the encoder's wish (literal for text with a line
 * break, plain when the text would read back as the same string, else double-quoted), then the
 * emitter's veto from its analysis of the characters (yaml_emitter_analyze_scalar /
 * yaml_emitter_select_scalar_style).
 */
enum GoScalarStyle {
    PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL;

    /** The style go-yaml's encoder asks for when marshalling a Go string. */
    static GoScalarStyle requestedForString(String s) {
        if (s.indexOf('\n') >= 0) {
            return LITERAL;
        }
        return GoYamlResolver.plainKeepsString(s) ? PLAIN : DOUBLE_QUOTED;
    }

    /** The style the emitter really uses (block context; simpleKey: written as an implicit key). */
    static GoScalarStyle select(String value, GoScalarStyle requested, boolean simpleKey) {
        return select(value, Analysis.of(value), requested, simpleKey);
    }

    /** As {@link #select(String, GoScalarStyle, boolean)} with the value's analysis already made. */
    static GoScalarStyle select(String value, Analysis a, GoScalarStyle requested, boolean simpleKey) {
        GoScalarStyle style = requested;
        if (simpleKey && a.multiline) {
            style = DOUBLE_QUOTED;
        }
        if (style == PLAIN) {
            if (!a.blockPlainAllowed || (value.isEmpty() && simpleKey)) {
                style = SINGLE_QUOTED;
            }
        }
        if (style == SINGLE_QUOTED && !a.singleQuotedAllowed) {
            style = DOUBLE_QUOTED;
        }
        if (style == LITERAL && (!a.blockAllowed || simpleKey)) {
            style = DOUBLE_QUOTED;
        }
        if (style != PLAIN && hasUnicodeLineSeparator(value)) {
            // go-yaml would indent after U+0085/U+2028/U+2029 inside quotes or a literal block, which
            // changes the value when read back; escaped in double quotes it survives (our deviation)
            style = DOUBLE_QUOTED;
        }
        return style;
    }

    private static boolean hasUnicodeLineSeparator(String s) {
        return s.indexOf('\u0085') >= 0 || s.indexOf('\u2028') >= 0 || s.indexOf('\u2029') >= 0;
    }

    /** go-yaml's is_printable, by code point (4-byte UTF-8 characters are not "printable"). */
    static boolean printable(int cp) {
        return cp == 0x0A || (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF);
    }

    static boolean isBreak(int cp) {
        return cp == '\r' || cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    /** The emitter's analysis of a value (yaml_emitter_analyze_scalar). */
    static Analysis analyze(String value) {
        return Analysis.of(value);
    }

    record Analysis(boolean multiline, boolean blockPlainAllowed, boolean singleQuotedAllowed,
                            boolean blockAllowed) {
        static Analysis of(String value) {
            if (value.isEmpty()) {
                return new Analysis(false, true, true, false);
            }
            Analysis printableAscii = ofPrintableAscii(value);
            if (printableAscii != null) {
                return printableAscii;
            }
            boolean blockIndicators = false;
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
            if (value.startsWith("---") || value.startsWith("...")) {
                blockIndicators = true;
            }
            // By code point, without an int[] copy: blanks and breaks are single chars, so "next is blank"
            // is a look at the next char.
            int n = value.length();
            for (int i = 0; i < n; ) {
                int c = value.charAt(i);
                if (Character.isHighSurrogate((char) c)) {
                    c = value.codePointAt(i);
                }
                boolean first = i == 0;
                i += Character.charCount(c);
                boolean last = i >= n;
                boolean followedByWhitespace = last || isBlank(value.charAt(i));
                if (first) {
                    switch (c) {
                        case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
                                blockIndicators = true;
                        case '?', ':' -> {
                            if (followedByWhitespace) {
                                blockIndicators = true;
                            }
                        }
                        case '-' -> {
                            if (followedByWhitespace) {
                                blockIndicators = true;
                            }
                        }
                        default -> {
                        }
                    }
                } else {
                    if (c == ':' && followedByWhitespace) {
                        blockIndicators = true;
                    } else if (c == '#' && precededByWhitespace) {
                        blockIndicators = true;
                    }
                }
                if (c == '\t') {
                    tabs = true;
                } else if (!printable(c)) {
                    special = true;
                }
                if (c == ' ') {
                    if (first) {
                        leadingSpace = true;
                    }
                    if (last) {
                        trailingSpace = true;
                    }
                    if (previousBreak) {
                        breakSpace = true;
                    }
                    previousSpace = true;
                    previousBreak = false;
                } else if (isBreak(c)) {
                    lineBreaks = true;
                    if (first) {
                        leadingBreak = true;
                    }
                    if (last) {
                        trailingBreak = true;
                    }
                    if (previousSpace) {
                        spaceBreak = true;
                    }
                    previousSpace = false;
                    previousBreak = true;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = isBlank(c) || isBreak(c);
            }
            boolean blockPlain = true;
            boolean single = true;
            boolean block = true;
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
                blockPlain = false;
            }
            if (trailingSpace) {
                block = false;
            }
            if (breakSpace) {
                blockPlain = false;
                single = false;
            }
            if (spaceBreak || tabs || special) {
                blockPlain = false;
                single = false;
            }
            if (spaceBreak || special) {
                block = false;
            }
            if (lineBreaks) {
                blockPlain = false;
            }
            if (blockIndicators) {
                blockPlain = false;
            }
            return new Analysis(lineBreaks, blockPlain, single, block);
        }

        /**
         * The same analysis for text of printable ASCII and spaces only (no tab, no break, nothing
         * special), where only spaces at either end and indicators matter; null for any other text.
         */
        private static Analysis ofPrintableAscii(String value) {
            int n = value.length();
            boolean blockIndicators = value.startsWith("---") || value.startsWith("...");
            switch (value.charAt(0)) {
                case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
                        blockIndicators = true;
                case '?', ':', '-' -> {
                    if (n == 1 || value.charAt(1) == ' ') {
                        blockIndicators = true;
                    }
                }
                default -> {
                }
            }
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7E) {
                    return null;
                }
                if (i > 0 && c == ':' && (i + 1 == n || value.charAt(i + 1) == ' ')) {
                    blockIndicators = true;
                } else if (i > 0 && c == '#' && value.charAt(i - 1) == ' ') {
                    blockIndicators = true;
                }
            }
            boolean leadingSpace = value.charAt(0) == ' ';
            boolean trailingSpace = value.charAt(n - 1) == ' ';
            return new Analysis(false, !(leadingSpace || trailingSpace || blockIndicators), true, !trailingSpace);
        }

        private static boolean isBlank(int c) {
            return c == ' ' || c == '\t';
        }
    }
}
