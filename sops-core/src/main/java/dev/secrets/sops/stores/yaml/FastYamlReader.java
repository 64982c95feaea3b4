package dev.secrets.sops.stores.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-based reader for the plain block YAML that sops writes and most people write: one
 * document, a block mapping at column 0, block mappings and sequences indented with spaces,
 * simple keys (letters, digits, {@code _ . /}, then also {@code -}; up to 1000 characters),
 * single-line plain or quoted (escape-free) scalars, {@code |} and {@code |-} literal blocks,
 * {@code []} and {@code {}}, comments and blank lines. It builds exactly the nodes and comment lines
 * {@link YamlEventComposer} builds from snakeyaml-engine's events (texts, styles, positions), about
 * ten times faster.
 *
 * <p>Anything else (tabs, CR, document markers, anchors, tags, flow content, escapes, multi-line
 * plain or quoted scalars, a sequence right inside a sequence item ({@code - - x}), other block
 * scalar headers, in a literal block a blank first line, a line of only spaces as deep as its
 * content or a last line without a line break, any syntax error) makes it decline ({@code null}),
 * and the caller reads the text with snakeyaml-engine as before. It never reports an error of its
 * own. FastYamlReaderTest compares both readers on generated and real files; FastYamlReaderSpecTest
 * checks that the subset above is read, edge by edge.
 */
final class FastYamlReader {
    /** Thrown to give up; the caller falls back to the full reader. */
    private static final class Decline extends RuntimeException {
        Decline() {
            super(null, null, false, false);
        }
    }

    private static final Decline DECLINE = new Decline();
    /** snakeyaml-engine accepts simple keys up to 1024 characters; longer ones go the general way. */
    private static final int MAX_KEY = 1000;

    private final String text;
    private final int n;
    private final List<YamlEventComposer.CommentLine> comments = new ArrayList<>();
    /** Start of the current line, its number, its end ('\n' or n), its indentation. */
    private int pos;
    private int line;
    private int lineEnd;
    private int indent;
    /** How many blank or comment lines {@link #nextContent} has passed. */
    private int passedLines;

    private FastYamlReader(String text) {
        this.text = text;
        this.n = text.length();
    }

    /** The document of the text, or null when the text is not in the subset read here. */
    static List<YamlEventComposer.Document> read(String text) {
        return plainCharacters(text) ? readChecked(text) : null;
    }

    /** As {@link #read} for a text already known to hold only characters {@link #plainCharacters} accepts. */
    static List<YamlEventComposer.Document> readChecked(String text) {
        FastYamlReader r = new FastYamlReader(text);
        try {
            YamlNode root = r.document();
            List<YamlEventComposer.Document> docs = new ArrayList<>(1);
            docs.add(new YamlEventComposer.Document(root, r.comments));
            return docs;
        } catch (Decline | IndexOutOfBoundsException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * Line feeds and printable characters only: no tab, CR, BOM, C1 control, Unicode line
     * separator or surrogate (so that a column is a char index, as snakeyaml's code-point columns).
     */
    private static boolean plainCharacters(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7E || c == '\n') {
                continue;
            }
            if (c < 0xA0 || c == 0x2028 || c == 0x2029 || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFEFF || c > 0xFFFD) {
                return false;
            }
        }
        return true;
    }

    private YamlNode document() {
        lineEnd = lineEndFrom(0);
        if (!nextContent() || indent != 0 || isDash(pos)) {
            throw DECLINE;
        }
        YamlNode root = mapping(0, pos);
        if (nextContent()) {
            throw DECLINE;
        }
        return root;
    }

    // ---- lines -----------------------------------------------------------------------------------

    private int textEndLine() {
        int lines = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            lines++;
        }
        return lines;
    }

    private int textEndColumn() {
        return n - (text.lastIndexOf('\n') + 1);
    }

    private int lineEndFrom(int start) {
        int e = text.indexOf('\n', start);
        return e < 0 ? n : e;
    }

    /** To the next line; after the last one, to the text's end (pos = lineEnd = n). */
    private void advanceLine() {
        pos = Math.min(lineEnd + 1, n);
        lineEnd = lineEndFrom(pos);
        line++;
    }

    /**
     * Moves to the next line with content (not blank, not a comment line), keeping the comment
     * lines passed; false at the end of the text. Does not move when already on such a line.
     */
    private boolean nextContent() {
        while (pos < n) {
            int i = pos;
            while (i < lineEnd && text.charAt(i) == ' ') {
                i++;
            }
            if (i < lineEnd) {
                char c = text.charAt(i);
                if (i == pos && (c == '%' || text.startsWith("---", i) || text.startsWith("...", i))) {
                    throw DECLINE; // directives and document markers
                }
                if (c != '#') {
                    indent = i - pos;
                    return true;
                }
                comments.add(new YamlEventComposer.CommentLine(text.substring(i + 1, lineEnd), line, i - pos, false));
                passedLines++;
            } else if (lineEnd < n) {
                passedLines++; // a blank line (snakeyaml does not count a last one without a line break)
            }
            advanceLine();
        }
        return false;
    }

    private boolean isDash(int i) {
        return text.charAt(i) == '-' && (i + 1 >= lineEnd || text.charAt(i + 1) == ' ');
    }

    private int skipSpaces(int i) {
        while (i < lineEnd && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean keyFirst(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '/';
    }

    private static boolean keyChar(char c) {
        return keyFirst(c) || c == '-';
    }

    /** The end of a simple key starting at i (its ':'), or -1 when none starts there. */
    private int keyEnd(int i) {
        if (!keyFirst(text.charAt(i))) { // callers pass a non-blank character of the line
            return -1;
        }
        int e = i + 1;
        while (e < lineEnd && keyChar(text.charAt(e))) {
            e++;
        }
        if (e >= lineEnd || text.charAt(e) != ':' || e - i > MAX_KEY) {
            return -1;
        }
        if (e + 1 < lineEnd && text.charAt(e + 1) != ' ') {
            return -1;
        }
        return e;
    }

    // ---- collections -----------------------------------------------------------------------------

    /** The block collection starting on the current line at column col. */
    private YamlNode block(int col) {
        return isDash(pos + col) ? sequence(col) : mapping(col, pos + col);
    }

    /** A block mapping whose keys are at column col; the first one at text index keyAt on this line. */
    private YamlNode.Mapping mapping(int col, int keyAt) {
        YamlNode.Mapping m = new YamlNode.Mapping(line, col, false, null);
        while (true) {
            int colon = keyEnd(keyAt);
            if (colon < 0) {
                throw DECLINE;
            }
            m.keys.add(new YamlNode.Scalar(line, col, text.substring(keyAt, colon), true, null));
            int v = skipSpaces(colon + 1);
            if (v >= lineEnd || text.charAt(v) == '#') {
                // "key:" (or "key: # c"): the value is below, or empty
                int keyLine = line;
                int emptyColumn = colon + 1 - pos;
                boolean commentOrBlank = v < lineEnd;
                if (commentOrBlank) {
                    inlineComment(v);
                }
                advanceLine();
                int passed = passedLines;
                boolean more = nextContent();
                commentOrBlank |= passedLines != passed;
                if (more && indent > col) {
                    m.values.add(block(indent));
                } else if (more && indent == col && isDash(pos + col)) {
                    m.values.add(sequence(col)); // an indentless sequence
                } else if (!commentOrBlank) {
                    m.values.add(new YamlNode.Scalar(keyLine, emptyColumn, "", true, null));
                } else if (more) {
                    // after comment or blank lines snakeyaml places the empty value at the next token
                    m.values.add(new YamlNode.Scalar(line, indent, "", true, null));
                } else {
                    m.values.add(new YamlNode.Scalar(textEndLine(), textEndColumn(), "", true, null));
                }
            } else {
                m.values.add(scalar(v, col));
            }
            if (!nextContent() || indent < col) {
                return m;
            }
            if (indent > col || isDash(pos + col)) {
                throw DECLINE;
            }
            keyAt = pos + col;
        }
    }

    /** A block sequence whose dashes are at column col, the first on the current line. */
    private YamlNode.Sequence sequence(int col) {
        YamlNode.Sequence s = new YamlNode.Sequence(line, col, false);
        while (true) {
            int dash = pos + col;
            int v = skipSpaces(dash + 1);
            if (v >= lineEnd || text.charAt(v) == '#') {
                int itemLine = line;
                if (v < lineEnd) {
                    inlineComment(v);
                }
                advanceLine();
                boolean more = nextContent();
                if (more && indent > col) {
                    s.items.add(block(indent));
                } else {
                    s.items.add(new YamlNode.Scalar(itemLine, col + 1, "", true, null));
                }
            } else if (isDash(v)) {
                throw DECLINE; // "- - x"
            } else if (keyEnd(v) >= 0) {
                s.items.add(mapping(v - pos, v));
            } else {
                s.items.add(scalar(v, col));
            }
            if (!nextContent() || indent < col) {
                return s;
            }
            if (indent > col) {
                throw DECLINE;
            }
            if (!isDash(pos + col)) {
                return s; // an indentless sequence ends where its mapping goes on
            }
        }
    }

    // ---- scalars ---------------------------------------------------------------------------------

    /** An end-of-line comment: its '#' at text index at, after a space. */
    private void inlineComment(int at) {
        if (text.charAt(at - 1) != ' ') {
            throw DECLINE;
        }
        comments.add(new YamlEventComposer.CommentLine(text.substring(at + 1, lineEnd), line, at - pos, true));
    }

    /** After a value ending at text index i: blanks, then the line's end or a comment. */
    private void endOfLine(int i) {
        int j = skipSpaces(i);
        if (j < lineEnd) {
            if (text.charAt(j) != '#' || j == i) {
                throw DECLINE;
            }
            inlineComment(j);
        }
        advanceLine();
    }

    /**
     * The scalar (or empty flow collection) starting at text index v of the current line, in a
     * block whose indentation is blockIndent; moves past its last line.
     */
    private YamlNode scalar(int v, int blockIndent) {
        int col = v - pos;
        int scalarLine = line;
        char c = text.charAt(v);
        switch (c) {
            case '"', '\'' -> {
                int close = text.indexOf(c, v + 1);
                if (close < 0 || close >= lineEnd) {
                    throw DECLINE;
                }
                String value = text.substring(v + 1, close);
                if (c == '"' && value.contains("\\")) {
                    throw DECLINE; // escapes
                }
                endOfLine(close + 1); // declines '' inside single quotes too: a quote right after the closing one
                return new YamlNode.Scalar(scalarLine, col, value, false, null);
            }
            case '|' -> {
                return literal(v, blockIndent);
            }
            case '[', '{' -> {
                if (!text.startsWith(c == '[' ? "[]" : "{}", v)) { // (a line break is never the closing one)
                    throw DECLINE;
                }
                endOfLine(v + 2);
                return c == '[' ? new YamlNode.Sequence(scalarLine, col, true)
                        : new YamlNode.Mapping(scalarLine, col, true, null);
            }
            case '&', '*', '!', '%', '@', '`', ']', '}', ',', '>', '#' -> throw DECLINE;
            case '-', '?', ':' -> {
                if (v + 1 >= lineEnd || text.charAt(v + 1) == ' ') {
                    throw DECLINE;
                }
            }
            default -> {
            }
        }
        // a plain scalar: up to " #" or the end of the line; ": " or a final ':' is not read here
        int end = lineEnd;
        for (int i = v; i < lineEnd; i++) {
            char ch = text.charAt(i);
            if (ch == ':' && (i + 1 >= lineEnd || text.charAt(i + 1) == ' ')) {
                throw DECLINE;
            }
            if (ch == '#' && text.charAt(i - 1) == ' ') {
                inlineComment(i);
                end = i;
                break;
            }
        }
        while (text.charAt(end - 1) == ' ') {
            end--;
        }
        String value = text.substring(v, end);
        advanceLine();
        return new YamlNode.Scalar(scalarLine, col, value, true, null);
    }

    /**
     * A "|" or "|-" block whose lines are indented deeper than blockIndent. Empty lines (or lines of
     * fewer spaces than the block's indentation) inside it are line breaks; after it they are dropped.
     */
    private YamlNode literal(int v, int blockIndent) {
        int col = v - pos;
        int scalarLine = line;
        boolean strip;
        if (v + 1 == lineEnd) {
            strip = false;
        } else if (v + 2 == lineEnd && text.charAt(v + 1) == '-') {
            strip = true;
        } else {
            throw DECLINE;
        }
        advanceLine();
        int contentIndent = skipSpaces(pos) - pos;
        if (pos + contentIndent >= lineEnd || contentIndent <= blockIndent) {
            throw DECLINE; // a blank first line, or an empty block
        }
        StringBuilder value = new StringBuilder();
        while (true) {
            if (lineEnd >= n) {
                throw DECLINE; // the last line has no line break
            }
            value.append(text, pos + contentIndent, lineEnd).append('\n');
            advanceLine();
            // empty lines: inside the block they are line breaks, after it they are not part of it
            int empty = 0;
            int save = pos;
            int saveLine = line;
            int saveEnd = lineEnd;
            while (pos < n && skipSpaces(pos) == lineEnd) {
                if (lineEnd - pos >= contentIndent || lineEnd >= n) {
                    throw DECLINE; // spaces that may be content, or a last line without a break
                }
                empty++;
                advanceLine();
            }
            if (skipSpaces(pos) - pos < contentIndent) { // (at the text's end: 0)
                // the block has ended: the next line is read from its first empty line on
                pos = save;
                line = saveLine;
                lineEnd = saveEnd;
                break;
            }
            for (int i = 0; i < empty; i++) {
                value.append('\n');
            }
        }
        if (strip) {
            value.setLength(value.length() - 1);
        }
        return new YamlNode.Scalar(scalarLine, col, value.toString(), false, null);
    }
}
