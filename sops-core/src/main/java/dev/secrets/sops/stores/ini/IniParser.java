package dev.secrets.sops.stores.ini;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.GoBytes;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * go-ini's parser (gopkg.in/ini.v1 1.67, the options sops uses: AllowNonUniqueSections, all else
 * default) and sops' conversion of its result into a tree. Works on a byte string (GoBytes), so
 * invalid UTF-8 survives. Errors name a line number, never the line.
 */
final class IniParser {
    private static final String DEFAULT_SECTION = "DEFAULT";

    /** A go-ini section: keys are unique within it (a repeated key overwrites the value in place). */
    private static final class Section {
        final String name;
        String comment = "";
        final Map<String, String[]> keys = new LinkedHashMap<>(); // name -> {value, comment}

        Section(String name) {
            this.name = name;
        }
    }

    private final String text;
    private final int exitCode;
    private int pos;
    private int lineNo;
    private boolean eof;
    private final StringBuilder comment = new StringBuilder();
    private int autoIncrement = 1;

    private IniParser(String text, int exitCode) {
        this.text = text;
        this.exitCode = exitCode;
    }

    /** The file as sops' tree: one item per section (DEFAULT first), comments placed as sops places them. */
    static Branch parse(byte[] bytes, int exitCode) {
        IniParser parser = new IniParser(GoBytes.byteString(bytes), exitCode);
        parser.skipBom();
        return toTree(parser.sections());
    }

    private void skipBom() {
        if (text.length() >= 2 && (text.startsWith("\u00fe\u00ff") || text.startsWith("\u00ff\u00fe"))) {
            pos = 2;
        } else if (text.startsWith("\u00ef\u00bb\u00bf")) {
            pos = 3;
        }
    }

    /** bufio.Reader.ReadBytes('\n'): the next line with its newline; sets eof at the end of input. */
    private String readLine() {
        lineNo++;
        int nl = text.indexOf('\n', pos);
        String line;
        if (nl < 0) {
            line = text.substring(pos);
            pos = text.length();
            eof = true;
        } else {
            line = text.substring(pos, nl + 1);
            pos = nl + 1;
        }
        return line;
    }

    private SopsException error(String what, int line) {
        return new SopsException(exitCode, "Could not unmarshal input data: " + what + " at line " + line);
    }

    private List<Section> sections() {
        List<Section> sections = new ArrayList<>();
        Section section = new Section(DEFAULT_SECTION);
        sections.add(section);
        while (!eof) {
            String line = GoBytes.trimLeft(readLine());
            if (line.isEmpty()) {
                continue;
            }
            char first = line.charAt(0);
            if (first == '#' || first == ';') {
                comment.append(line); // newline kept: it separates the lines of a multi-line comment
                continue;
            }
            if (first == '[') {
                int close = line.lastIndexOf(']');
                if (close < 0) {
                    throw error("unclosed section", lineNo);
                }
                String name = line.substring(1, close);
                if (name.isEmpty()) {
                    throw error("empty section name", lineNo);
                }
                section = new Section(name);
                sections.add(section);
                int c = indexOfAny(line, close + 1, "#;");
                if (c >= 0) {
                    comment.append(line, c, line.length());
                }
                section.comment = GoBytes.trimSpace(comment.toString());
                comment.setLength(0);
                autoIncrement = 1;
                continue;
            }
            int keyLine = lineNo;
            String[] key = readKeyName(line, keyLine);
            String name = key[0];
            if (name.equals("-")) {
                name = "#" + autoIncrement++;
            }
            String value = readValue(line.substring(Integer.parseInt(key[1])), keyLine);
            if (name.isEmpty()) {
                throw error("empty key name", keyLine);
            }
            String[] entry = section.keys.computeIfAbsent(name, k -> new String[2]);
            entry[0] = value;
            entry[1] = GoBytes.trimSpace(comment.toString());
            comment.setLength(0);
        }
        return sections;
    }

    /** The key name and the offset of its value. */
    private String[] readKeyName(String line, int keyLine) {
        String quote = null;
        if (line.charAt(0) == '"') {
            quote = line.length() > 6 && line.startsWith("\"\"\"") ? "\"\"\"" : "\"";
        } else if (line.charAt(0) == '`') {
            quote = "`";
        }
        if (quote != null) {
            int start = quote.length();
            int close = line.indexOf(quote, start);
            if (close < 0) {
                throw error("missing closing key quote", keyLine);
            }
            int d = indexOfAny(line, close + start, "=:");
            if (d < 0) {
                throw error("key-value delimiter not found", keyLine);
            }
            return new String[] {GoBytes.trimSpace(line.substring(start, close)), Integer.toString(d + 1)};
        }
        int end = indexOfAny(line, 0, "=:");
        if (end < 0) {
            throw error("key-value delimiter not found", keyLine);
        }
        if (end == 0) {
            throw error("empty key name", keyLine);
        }
        return new String[] {GoBytes.trimSpace(line.substring(0, end)), Integer.toString(end + 1)};
    }

    private String readValue(String in, int keyLine) {
        String line = GoBytes.trimLeft(in);
        if (line.isEmpty()) {
            return "";
        }
        String quote = null;
        if (line.length() > 3 && line.startsWith("\"\"\"")) {
            quote = "\"\"\"";
        } else if (line.charAt(0) == '`') {
            quote = "`";
        }
        if (quote != null) {
            int start = quote.length();
            int close = line.lastIndexOf(quote);
            if (close < start) {
                return readMultiline(line.substring(start), quote, keyLine);
            }
            return line.substring(start, close); // anything after the closing quote is dropped
        }
        line = GoBytes.trimSpace(line);
        if (line.charAt(line.length() - 1) == '\\') {
            return readContinuation(line.substring(0, line.length() - 1));
        }
        int c = indexOfAny(line, 0, "#;");
        if (c >= 0) {
            comment.append(line, c, line.length()); // an inline comment becomes the key's comment
            line = GoBytes.trimSpace(line.substring(0, c));
        }
        if (surroundedBy(line, '\'') || surroundedBy(line, '"')) {
            line = line.substring(1, line.length() - 1);
        }
        return line;
    }

    private String readMultiline(String value, String quote, int keyLine) {
        StringBuilder val = new StringBuilder(value);
        while (true) {
            String next = readLine();
            int close = next.lastIndexOf(quote);
            if (close >= 0) {
                val.append(next, 0, close);
                int c = indexOfAny(next, close, "#;");
                if (c >= 0) {
                    comment.append(GoBytes.trimSpace(next.substring(c)));
                }
                return val.toString();
            }
            val.append(next);
            if (eof) {
                throw error("missing closing quote of the value starting", keyLine);
            }
        }
    }

    private String readContinuation(String value) {
        StringBuilder val = new StringBuilder(value);
        while (true) {
            String next = GoBytes.trimSpace(readLine());
            if (next.isEmpty()) {
                return val.toString();
            }
            val.append(next);
            if (val.charAt(val.length() - 1) != '\\') {
                return val.toString();
            }
            val.setLength(val.length() - 1);
        }
    }

    /** The quote opens and closes the text and appears nowhere else in it. */
    private static boolean surroundedBy(String s, char quote) {
        return s.length() >= 2 && s.charAt(0) == quote && s.charAt(s.length() - 1) == quote
                && s.indexOf(quote, 1) == s.length() - 1;
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** sops' treeItemFromSection: section comment first, each key's comment right after the key. */
    private static Branch toTree(List<Section> sections) {
        Branch tree = new Branch();
        for (Section section : sections) {
            Branch items = new Branch();
            if (!section.comment.isEmpty()) {
                items.addComment(new Comment(GoBytes.toKey(stripCommentChar(section.comment))));
            }
            for (Map.Entry<String, String[]> e : section.keys.entrySet()) {
                items.add(GoBytes.toKey(e.getKey()), GoBytes.toValue(e.getValue()[0]));
                String keyComment = e.getValue()[1];
                if (!keyComment.isEmpty()) {
                    items.addComment(new Comment(GoBytes.toKey(stripCommentChar(keyComment))));
                }
            }
            tree.add(GoBytes.toKey(section.name), items);
        }
        return tree;
    }

    /** sops' stripCommentChar: leading ';' (or '#') and spaces removed from the whole comment. */
    static String stripCommentChar(String comment) {
        String set;
        if (comment.startsWith(";")) {
            set = "; ";
        } else if (comment.startsWith("#")) {
            set = "# ";
        } else {
            return comment;
        }
        int i = 0;
        while (i < comment.length() && set.indexOf(comment.charAt(i)) >= 0) {
            i++;
        }
        return comment.substring(i);
    }
}
