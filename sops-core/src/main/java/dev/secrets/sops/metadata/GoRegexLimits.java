package dev.secrets.sops.metadata;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Go's limits on a regular expression, and two of our own, checked on its text before RE2/J
 * compiles it. RE2/J parses as Go does but lacks Go's limit checks and expands counted repetitions
 * when it compiles, so {@code ((a{1000}){1000}){1000}} (which Go refuses) would exhaust the heap, and
 * 5,000 nested groups the stack. Our limits on length and compiled size keep parsing, compiling and
 * matching fast (see {@link #MAX_SIZE}, {@link #MAX_LENGTH}); they refuse only expressions far
 * larger than a path or key regex.
 *
 * <p>One pass over the text that follows RE2/J's parser closely enough to build, node by node, what
 * Go's parser checks: the product of nested counted repetitions, the parse-tree height and the
 * compiled size (Go's {@code calcSize}; slightly over, as literal alternatives are not factored; the
 * height, for the same reason, can be a level under Go's per factored alternation).
 * Syntax errors are passed over: RE2/J refuses the expression afterwards with Go's message.
 */
final class GoRegexLimits {
    /** Go's maxRepeat: the largest count, and the largest product of nested counts. */
    static final int MAX_REPEAT = 1000;
    /** Go's maxHeight: the deepest parse tree. */
    static final int MAX_HEIGHT = 1000;
    /**
     * Our bound on the compiled size, in instructions; Go allows about 3.3 million. Matching costs
     * RE2/J time per character of text in proportion to the size (a 20,000-instruction program takes
     * half a millisecond a character), and no path or key regex comes near 5,000.
     */
    static final long MAX_SIZE = 5_000;
    /**
     * Our bound on the text: RE2/J's parser copies the rest of the text at each {@code (?}, {@code [:}
     * and {@code \Q}, so its time grows with the square of the length (three seconds for 32,000
     * characters of {@code (?i)}); it also compiles a large alternation in quadratic time.
     */
    static final int MAX_LENGTH = 10_000;

    private GoRegexLimits() {
    }

    /** The estimated compiled size and parse-tree height of an expression within the limits. */
    record Estimate(long size, int height) {
    }

    /** A limit the expression exceeds: Go's error text and the part of the expression it names. */
    static final class Violation extends Exception {
        final String code;
        final String expr;

        Violation(String code, String expr) {
            super(code, null, false, false);
            this.code = code;
            this.expr = expr;
        }
    }

    /**
     * A parse-tree node as far as the limits go. {@code literal}: Go's parser joins adjacent literal
     * runes (and strings) of one concatenation into a single literal-string node, one level high.
     */
    private record Node(long size, int height, long copies, boolean oneChar, boolean literal) {
    }

    /** A literal rune: a, \., \x41, \012, a literal {. */
    private static final Node LITERAL = new Node(1, 1, 1, true, true);
    /** A class: [ab], ., \d, \pL. */
    private static final Node CHAR = new Node(1, 1, 1, true, false);
    private static final Node EMPTY_WIDTH = new Node(1, 1, 1, false, false);

    /** An open group, or the whole expression: its finished alternatives and its current concatenation. */
    private static final class Group {
        final boolean capture;
        /** Whether flags change inside it: its literals then join no literal outside (Go's fold flags). */
        boolean flagged;
        int branches;
        long branchSize;
        int branchHeight;
        long branchCopies;
        boolean allOneChar = true;
        Node onlyBranch;
        /** Whether the concatenation has items before {@link #last}. */
        boolean concatenated;
        long itemSize;
        int itemHeight;
        long itemCopies;
        boolean itemsLiteral = true;
        /** The concatenation's last item, kept apart because a repetition operator applies to it. */
        Node last;

        Group(boolean capture) {
            this.capture = capture;
        }
    }

    static Estimate check(String re) throws Violation {
        if (re.length() > MAX_LENGTH) {
            throw new Violation("expression too long (over " + MAX_LENGTH + " characters)", re);
        }
        return new Checker(re).run();
    }

    private static final class Checker {
        private final String re;
        /** Where the last '>' and ":]" are: a search from further on needs no scan. */
        private final int lastAngle;
        private final int lastColonBracket;
        private final Deque<Group> open = new ArrayDeque<>();
        private Group group = new Group(false);
        /** Whether the previous token was a repetition operator (a second one is RE2/J's syntax error). */
        private boolean afterRepeat;

        Checker(String re) {
            this.re = re;
            this.lastAngle = re.lastIndexOf('>');
            this.lastColonBracket = re.lastIndexOf(":]");
        }

        Estimate run() throws Violation {
            int n = re.length();
            int i = 0;
            while (i < n) {
                char c = re.charAt(i);
                boolean repeat = false;
                switch (c) {
                    case '(' -> i = openGroup(i);
                    case ')' -> {
                        if (!open.isEmpty()) {
                            closeGroup();
                        }
                        i++;
                    }
                    case '|' -> {
                        endBranch(group);
                        i++;
                    }
                    case '[' -> {
                        i = skipClass(i);
                        add(CHAR);
                    }
                    case '*', '+', '?' -> {
                        // x* compiles to 2 + x instructions, x+ and x? to 1 + x (Go's calcSize).
                        simpleRepeat(c == '*' ? 2 : 1);
                        i = lazy(i + 1);
                        repeat = true;
                    }
                    case '{' -> {
                        long[] counts = counts(i);
                        if (counts == null) {
                            add(LITERAL); // not a repetition: a literal {
                            i++;
                        } else {
                            int end = lazy((int) counts[2]);
                            countedRepeat(counts[0], counts[1], i, (int) counts[2], end);
                            i = end;
                            repeat = true;
                        }
                    }
                    case '\\' -> i = escape(i);
                    case '^', '$' -> {
                        add(EMPTY_WIDTH);
                        i++;
                    }
                    default -> {
                        add(re.charAt(i) == '.' ? CHAR : LITERAL);
                        i += Character.charCount(re.codePointAt(i));
                    }
                }
                afterRepeat = repeat;
            }
            while (!open.isEmpty()) {
                closeGroup(); // missing ): RE2/J refuses it
            }
            Node whole = finish(group);
            return new Estimate(whole.size(), whole.height());
        }

        private int lazy(int i) {
            return i < re.length() && re.charAt(i) == '?' ? i + 1 : i;
        }

        private int openGroup(int i) throws Violation {
            int n = re.length();
            if (!re.startsWith("(?", i)) {
                push(true);
                return i + 1;
            }
            if (re.startsWith("(?P<", i) || re.startsWith("(?<", i)) {
                int end = i <= lastAngle ? re.indexOf('>', i) : -1;
                push(true);
                return end < 0 ? i + 3 : end + 1;
            }
            int j = i + 2;
            while (j < n && "imsU-".indexOf(re.charAt(j)) >= 0) {
                j++;
            }
            if (j < n && re.charAt(j) == ')') {
                // Flags only, no group: literals before and after may differ in case folding.
                group.flagged = true;
                group.itemsLiteral &= group.last == null;
                return j + 1;
            }
            push(false);
            group.flagged = j > i + 2;
            return j < n && re.charAt(j) == ':' ? j + 1 : j;
        }

        private void push(boolean capture) {
            open.push(group);
            group = new Group(capture);
        }

        private void closeGroup() throws Violation {
            Node inner = finish(group);
            boolean capture = group.capture;
            boolean flagged = group.flagged;
            group = open.pop();
            if (capture) {
                add(node(2 + inner.size(), inner.height() + 1, inner.copies(), false));
            } else {
                add(flagged && inner.literal() ? node(inner.size(), inner.height(), inner.copies(), inner.oneChar()) : inner);
            }
        }

        /** Applies *, + or ? to the last item, which adds {@code extra} instructions to it. */
        private void simpleRepeat(int extra) throws Violation {
            Node sub = group.last;
            if (sub == null || afterRepeat) {
                return; // missing argument or a**: RE2/J refuses it
            }
            group.last = node(extra + sub.size(), sub.height() + 1, sub.copies(), false);
        }

        /**
         * Applies {min,max} (max -1: none) to the last item. Go checks the counts (ErrInvalidRepeatSize,
         * naming the braces) before the argument, so an invalid count is refused first, as in Go,
         * even where a later part of the expression is too large.
         */
        private void countedRepeat(long min, long max, int start, int braceEnd, int end) throws Violation {
            if (min < 0 || min > MAX_REPEAT || max < -1 || max > MAX_REPEAT || (max >= 0 && min > max)) {
                throw new Violation("invalid repeat count", re.substring(start, braceEnd));
            }
            Node sub = group.last;
            if (sub == null || afterRepeat) {
                return; // missing argument or a*{2}: RE2/J refuses it
            }
            long size;
            if (max == -1) {
                size = min == 0 ? 2 + sub.size() : 1 + min * sub.size();
            } else {
                size = max * sub.size() + (max - min);
            }
            // Go's repeatIsValid: the counts on any path down the tree multiply to at most 1000;
            // below an {0} nothing counts.
            long m = max == -1 ? min : max;
            long copies = max == 0 ? 0 : m > 0 ? m * sub.copies() : sub.copies();
            if ((min >= 2 || max >= 2) && copies > MAX_REPEAT) {
                throw new Violation("invalid repeat count", re.substring(start, end));
            }
            group.last = node(size, sub.height() + 1, copies, false);
        }

        private void add(Node item) throws Violation {
            Group g = group;
            if (g.last != null) {
                g.concatenated = true;
                g.itemsLiteral &= g.last.literal();
                g.itemSize += g.last.size();
                g.itemHeight = Math.max(g.itemHeight, g.last.height());
                g.itemCopies = Math.max(g.itemCopies, g.last.copies());
                if (g.itemSize > MAX_SIZE) {
                    throw tooLarge();
                }
            }
            g.last = item;
        }

        private Node concatenation(Group g) throws Violation {
            if (g.last == null) {
                return EMPTY_WIDTH;
            }
            if (!g.concatenated) {
                return g.last;
            }
            if (g.itemsLiteral && g.last.literal()) {
                return node(g.itemSize + g.last.size(), 1, 1, false, true); // one literal string
            }
            return node(g.itemSize + g.last.size(), 1 + Math.max(g.itemHeight, g.last.height()),
                    Math.max(g.itemCopies, g.last.copies()), false);
        }

        private void endBranch(Group g) throws Violation {
            Node branch = concatenation(g);
            g.branches++;
            g.onlyBranch = g.branches == 1 ? branch : null;
            g.branchSize += branch.size();
            g.branchHeight = Math.max(g.branchHeight, branch.height());
            g.branchCopies = Math.max(g.branchCopies, branch.copies());
            g.allOneChar &= branch.oneChar();
            g.concatenated = false;
            g.itemsLiteral = true;
            g.itemSize = 0;
            g.itemHeight = 0;
            g.itemCopies = 0;
            g.last = null;
            if (g.branchSize > MAX_SIZE) {
                throw tooLarge();
            }
        }

        private Node finish(Group g) throws Violation {
            endBranch(g);
            if (g.branches == 1) {
                return g.onlyBranch;
            }
            if (g.allOneChar) {
                return CHAR; // Go merges single-character alternatives into one class
            }
            return node(g.branchSize + g.branches - 1, 1 + g.branchHeight, g.branchCopies, false);
        }

        private Node node(long size, int height, long copies, boolean oneChar) throws Violation {
            return node(size, height, copies, oneChar, false);
        }

        private Node node(long size, int height, long copies, boolean oneChar, boolean literal) throws Violation {
            if (size > MAX_SIZE) {
                throw tooLarge();
            }
            if (height > MAX_HEIGHT) {
                throw new Violation("expression nests too deeply", re);
            }
            return new Node(Math.max(1, size), height, copies, oneChar, literal);
        }

        private Violation tooLarge() {
            return new Violation("expression too large (over " + MAX_SIZE + " instructions)", re);
        }

        /** An escape outside a class, as RE2/J reads it; returns the index after it. */
        private int escape(int i) throws Violation {
            int n = re.length();
            if (i + 1 >= n) {
                return n; // trailing backslash: RE2/J refuses it
            }
            char c = re.charAt(i + 1);
            switch (c) {
                case 'A', 'b', 'B', 'z' -> {
                    add(EMPTY_WIDTH);
                    return i + 2;
                }
                case 'Q' -> {
                    int end = re.indexOf("\\E", i + 2);
                    int stop = end < 0 ? n : end;
                    for (int j = i + 2; j < stop; j += Character.charCount(re.codePointAt(j))) {
                        add(LITERAL);
                    }
                    return end < 0 ? n : end + 2;
                }
                default -> {
                    add("dDsSwWpP".indexOf(c) >= 0 ? CHAR : LITERAL);
                    return escapeEnd(i);
                }
            }
        }

        /** The index after a one-character escape (\d, \pL, \p{Greek}, \x{263a}, \012, \.) at i. */
        private int escapeEnd(int i) {
            int n = re.length();
            if (i + 1 >= n) {
                return n;
            }
            char c = re.charAt(i + 1);
            int j = i + 2;
            if (c == 'p' || c == 'P' || c == 'x') {
                if (j < n && re.charAt(j) == '{') {
                    int close = re.indexOf('}', j);
                    return close < 0 ? n : close + 1;
                }
                return c == 'x' ? Math.min(n, j + 2) : j < n ? j + Character.charCount(re.codePointAt(j)) : n;
            }
            if (c >= '0' && c <= '7') {
                for (int k = 0; k < 2 && j < n && re.charAt(j) >= '0' && re.charAt(j) <= '7'; k++) {
                    j++;
                }
                return j;
            }
            return i + 1 + Character.charCount(re.codePointAt(i + 1));
        }

        /** The index after the character class starting at i, as RE2/J finds its end. */
        private int skipClass(int i) {
            int n = re.length();
            int j = i + 1;
            if (j < n && re.charAt(j) == '^') {
                j++;
            }
            boolean first = true; // a ] first in the class is a literal
            while (j < n && (re.charAt(j) != ']' || first)) {
                first = false;
                if (re.startsWith("[:", j)) {
                    int close = j <= lastColonBracket ? re.indexOf(":]", j) : -1;
                    if (close >= 0) {
                        j = close + 2;
                        continue;
                    }
                }
                j = re.charAt(j) == '\\' ? escapeEnd(j) : j + Character.charCount(re.codePointAt(j));
            }
            return Math.min(n, j + 1);
        }

        /**
         * A counted repetition at i as RE2/J parses it: {min, max (-1: none), index after}, with -2 for a
         * count of more than 8 digits; null where the { is a literal.
         */
        private long[] counts(int i) {
            int n = re.length();
            int j = digits(i + 1);
            long min = number(i + 1, j);
            if (min == -1 || j >= n) {
                return null;
            }
            long max = min;
            if (re.charAt(j) == ',') {
                j++;
                if (j >= n) {
                    return null;
                }
                if (re.charAt(j) == '}') {
                    max = -1;
                } else {
                    int start = j;
                    j = digits(j);
                    max = number(start, j);
                    if (max == -1) {
                        return null;
                    }
                }
            }
            if (j >= n || re.charAt(j) != '}') {
                return null;
            }
            return new long[] {min, max, j + 1};
        }

        private int digits(int i) {
            while (i < re.length() && re.charAt(i) >= '0' && re.charAt(i) <= '9') {
                i++;
            }
            return i;
        }

        /** The count in re[start, end): -1 when empty or with a leading zero, -2 when over 8 digits. */
        private long number(int start, int end) {
            if (end == start || (end - start > 1 && re.charAt(start) == '0')) {
                return -1;
            }
            return end - start > 8 ? -2 : Long.parseLong(re, start, end, 10);
        }
    }
}
