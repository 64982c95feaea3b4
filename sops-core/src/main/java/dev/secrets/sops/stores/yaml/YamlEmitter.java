package dev.secrets.sops.stores.yaml;

import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.internal.GoValues;
import dev.secrets.sops.tree.RawString;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes trees exactly as go-yaml v3's encoder does for sops (block style, no line wrapping,
 * Unicode as is). It follows the C emitter's bookkeeping (column, "whitespace" and "indention"
 * flags, write_indent) so that line breaks and spaces come out in the same places, and sops'
 * comment placement: non-inline comments as head comments of the next entry, inline comments as
 * the next value's line comment, leftovers as foot comments of the last entry.
 */
final class YamlEmitter {
    private final int best;
    private final StringBuilder out = new StringBuilder();
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;

    /** indent: go-yaml's SetIndent value (clamped to 2..9 like go-yaml; 0 means sops' default 4). */
    YamlEmitter(int indent) {
        int n = indent == 0 ? 4 : indent;
        this.best = n < 2 || n > 9 ? 2 : n;
    }

    String text() {
        return out.toString();
    }

    /** One document per Branch, separated as go-yaml's Encoder separates them. */
    void documents(List<Branch> docs) {
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) {
                // go-yaml: an explicit "---" on its own line before every document but the first
                writeIndent(0);
                writeIndicator("---", true, false, false);
                writeIndent(0);
            }
            Branch doc = docs.get(i);
            if (hasEntries(doc)) {
                blockMapping(doc, -1, false);
            } else {
                writeComments(leftovers(doc.items().stream().map(Branch.Item::key).toList()), 0);
                writeIndicator("{", true, true, false);
                writeIndicator("}", false, false, false);
            }
            writeIndent(0);
        }
    }

    /** A value on its own, as yaml.Marshal writes it (--extract of a non-string). */
    void rootValue(Object value) {
        if (value instanceof Branch b && hasEntries(b)) {
            blockMapping(b, -1, false);
        } else if (value instanceof List<?> l && hasElements(l)) {
            blockSequence(l, -1, false);
        } else {
            scalarOrEmpty(value, best, 0, List.of());
        }
        writeIndent(0);
    }

    // ---- collections -------------------------------------------------------------------------

    private void blockMapping(Branch map, int parent, boolean inSequenceItem) {
        int indent = childIndent(parent, inSequenceItem);
        List<String> heads = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        boolean any = false;
        for (Branch.Item item : map) {
            if (item.key() instanceof Comment c) {
                (c.inline() ? lines : heads).add(c.text());
                continue;
            }
            // A map in a list item has its leading comments written before the dash by the caller.
            if (!(inSequenceItem && !any)) {
                writeComments(heads, indent);
            }
            heads.clear();
            any = true;
            key((String) item.key(), indent);
            value(item.value(), indent, lines);
            lines.clear();
        }
        if (!heads.isEmpty() || !lines.isEmpty()) {
            writeComments(leftovers(map.items().stream().map(Branch.Item::key).toList()), indent);
        }
    }

    private void blockSequence(List<?> list, int parent, boolean inSequenceItem) {
        int indent = childIndent(parent, inSequenceItem);
        List<String> heads = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Object element : list) {
            if (element instanceof Comment c) {
                (c.inline() ? lines : heads).add(c.text());
                continue;
            }
            if (element instanceof Branch b && hasEntries(b)) {
                heads.addAll(leadingComments(b));
            }
            writeComments(heads, indent);
            heads.clear();
            writeIndent(indent);
            writeIndicator("-", true, false, true);
            if (element instanceof Branch b && hasEntries(b)) {
                writeLineComment(lines);
                blockMapping(b, indent, true);
            } else if (element instanceof List<?> l && hasElements(l)) {
                writeLineComment(lines);
                blockSequence(l, indent, true);
            } else {
                scalarOrEmpty(element, indent + 2, indent, lines);
            }
            lines.clear();
        }
        if (!heads.isEmpty() || !lines.isEmpty()) {
            writeComments(leftovers(list), indent);
        }
    }

    /** The value after "key:": scalar on the same line, block collections below. */
    private void value(Object v, int mapIndent, List<String> lineComments) {
        if (v instanceof Branch b && hasEntries(b)) {
            writeLineComment(lineComments);
            blockMapping(b, mapIndent, false);
        } else if (v instanceof List<?> l && hasElements(l)) {
            writeLineComment(lineComments);
            blockSequence(l, mapIndent, false);
        } else {
            scalarOrEmpty(v, nextIndent(mapIndent), mapIndent, lineComments);
        }
    }

    private void key(String key, int indent) {
        Scalar s = Scalar.ofString(key);
        GoScalarStyle.Analysis analysis = GoScalarStyle.analyze(s.text);
        boolean simple = !analysis.multiline() && utf8Length(s.text) + (s.tag == null ? 0 : s.tag.length()) <= 128;
        writeIndent(indent);
        if (simple) {
            scalar(s, analysis, nextIndent(indent), indent, true, List.of());
            writeIndicator(":", false, false, false);
        } else {
            writeIndicator("?", true, false, true);
            scalar(s, nextIndent(indent), indent, false, List.of());
            writeIndent(indent);
            writeIndicator(":", true, false, true);
        }
    }

    private void scalarOrEmpty(Object v, int scalarIndent, int parentLevel, List<String> lineComments) {
        if (v instanceof Branch || v instanceof List) {
            boolean map = v instanceof Branch;
            writeIndicator(map ? "{" : "[", true, true, false);
            writeIndicator(map ? "}" : "]", false, false, false);
            // A collection holding only comments has no line of its own: keep them after it.
            List<String> comments = new ArrayList<>(lineComments);
            comments.addAll(leftovers(map ? ((Branch) v).items().stream().map(Branch.Item::key).toList() : (List<?>) v));
            writeLineComment(comments);
        } else {
            scalar(Scalar.of(v), scalarIndent, parentLevel, false, lineComments);
        }
    }

    // ---- scalars -----------------------------------------------------------------------------

    /** A scalar's text, explicit tag (null: implicit) and the style the encoder asks for. */
    private record Scalar(String text, String tag, GoScalarStyle requested) {
        static Scalar ofString(String s) {
            if (s.equals("<<")) {
                // go-yaml writes "<<" plain, reads it back as a merge key and then keeps the !!merge tag
                return new Scalar(s, "!!merge", GoScalarStyle.PLAIN);
            }
            return new Scalar(s, null, GoScalarStyle.requestedForString(s));
        }

        static Scalar of(Object v) {
            if (v == null) {
                return new Scalar("null", null, GoScalarStyle.PLAIN);
            }
            if (v instanceof String s) {
                return ofString(s);
            }
            if (v instanceof Boolean b) {
                return new Scalar(b ? "true" : "false", null, GoScalarStyle.PLAIN);
            }
            if (v instanceof Long || v instanceof Integer) {
                return new Scalar(v.toString(), null, GoScalarStyle.PLAIN);
            }
            if (v instanceof Double d) {
                return new Scalar(GoFloatFormat.yaml(d), null, GoScalarStyle.PLAIN);
            }
            if (v instanceof OffsetDateTime t) {
                return new Scalar(GoValues.formatTime(t), null, GoScalarStyle.PLAIN);
            }
            byte[] bytes = v instanceof RawString r ? r.bytes() : v instanceof byte[] b ? b : null;
            if (bytes != null) {
                String b64 = goBase64Lines(bytes);
                return new Scalar(b64, "!!binary", b64.indexOf('\n') >= 0 ? GoScalarStyle.LITERAL : GoScalarStyle.PLAIN);
            }
            throw new IllegalArgumentException("cannot write a " + v.getClass().getSimpleName() + " as YAML");
        }
    }

    /**
     * Writes the scalar, then its line comment (after a literal block's header, as go-yaml does).
     * scalarIndent: where block content goes; parentLevel: the indentation of the enclosing block.
     */
    private void scalar(Scalar s, int scalarIndent, int parentLevel, boolean simpleKey, List<String> lineComments) {
        scalar(s, GoScalarStyle.analyze(s.text), scalarIndent, parentLevel, simpleKey, lineComments);
    }

    private void scalar(Scalar s, GoScalarStyle.Analysis analysis, int scalarIndent, int parentLevel, boolean simpleKey,
                        List<String> lineComments) {
        if (s.tag != null) {
            writeIndicator(s.tag, true, false, false);
        }
        GoScalarStyle style = GoScalarStyle.select(s.text, analysis, s.requested, simpleKey);
        switch (style) {
            case PLAIN -> {
                if (!s.text.isEmpty() && !whitespace) {
                    put(" ");
                }
                put(s.text);
                whitespace = false;
                indention = false;
            }
            case SINGLE_QUOTED -> {
                writeIndicator("'", true, false, false);
                put(s.text.replace("'", "''"));
                writeIndicator("'", false, false, false);
            }
            case DOUBLE_QUOTED -> {
                writeIndicator("\"", true, false, false);
                put(doubleQuotedBody(s.text));
                writeIndicator("\"", false, false, false);
            }
            case LITERAL -> {
                literal(s.text, scalarIndent, parentLevel, lineComments);
                return;
            }
        }
        writeLineComment(lineComments);
    }

    private void literal(String value, int indent, int parentLevel, List<String> lineComments) {
        writeIndicator("|", true, false, false);
        int first = value.isEmpty() ? -1 : value.codePointAt(0);
        if (first == ' ' || (first >= 0 && GoScalarStyle.isBreak(first))) {
            // go-yaml always writes its indent setting here, which readers (go-yaml included) take relative
            // to the enclosing block: wrong, and unreadable, inside list items. We write the real offset,
            // which is the same digit wherever go-yaml's output can be read back.
            writeIndicator(String.valueOf((char) ('0' + Math.min(9, indent - parentLevel))), false, false, false);
        }
        String chomp = chompIndicator(value);
        if (!chomp.isEmpty()) {
            writeIndicator(chomp, false, false, false);
        }
        if (lineComments.isEmpty()) {
            putBreak();
        } else {
            writeLineComment(lineComments);
        }
        indention = true;
        whitespace = true;
        boolean breaks = true;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                putBreak();
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent(indent);
                    breaks = false;
                }
                put(new String(Character.toChars(cp)));
                indention = false;
            }
        }
    }

    private static String chompIndicator(String value) {
        if (value.isEmpty()) {
            return "-";
        }
        int last = value.codePointBefore(value.length());
        if (!GoScalarStyle.isBreak(last)) {
            return "-";
        }
        int lastLen = Character.charCount(last);
        if (value.length() == lastLen) {
            return "+";
        }
        int before = value.codePointBefore(value.length() - lastLen);
        return GoScalarStyle.isBreak(before) ? "+" : "";
    }

    /** go-yaml's double-quoted escapes (no folding: the line width is unlimited). */
    static String doubleQuotedBody(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (!GoScalarStyle.printable(c) || c == 0xFEFF || GoScalarStyle.isBreak(c) || c == '"' || c == '\\') {
                switch (c) {
                    case 0x00 -> b.append("\\0");
                    case 0x07 -> b.append("\\a");
                    case 0x08 -> b.append("\\b");
                    case 0x09 -> b.append("\\t");
                    case 0x0A -> b.append("\\n");
                    case 0x0B -> b.append("\\v");
                    case 0x0C -> b.append("\\f");
                    case 0x0D -> b.append("\\r");
                    case 0x1B -> b.append("\\e");
                    case 0x22 -> b.append("\\\"");
                    case 0x5C -> b.append("\\\\");
                    case 0x85 -> b.append("\\N");
                    case 0xA0 -> b.append("\\_");
                    case 0x2028 -> b.append("\\L");
                    case 0x2029 -> b.append("\\P");
                    default -> {
                        if (c <= 0xFF) {
                            b.append(String.format("\\x%02X", c));
                        } else if (c <= 0xFFFF) {
                            b.append(String.format("\\u%04X", c));
                        } else {
                            b.append(String.format("\\U%08X", c));
                        }
                    }
                }
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** go-yaml's encodeBase64: lines of 70 characters, each ending in a newline when there are several. */
    static String goBase64Lines(byte[] bytes) {
        String all = Base64.getEncoder().encodeToString(bytes);
        int lines = all.length() / 70 + 1;
        if (lines == 1) {
            return all;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < all.length(); i += 70) {
            b.append(all, i, Math.min(all.length(), i + 70)).append('\n');
        }
        return b.toString();
    }

    // ---- comments ----------------------------------------------------------------------------

    private void writeComments(List<String> texts, int indent) {
        if (texts.isEmpty()) {
            return;
        }
        writeIndent(indent);
        writeCommentLines(texts, indent);
    }

    private void writeLineComment(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        if (!whitespace) {
            put(" ");
        }
        writeCommentLines(texts, Math.max(column, 0));
    }

    /** go-yaml's write_comment for sops' "#" + text lines: each line, then a line break. */
    private void writeCommentLines(List<String> texts, int indent) {
        boolean firstLine = true;
        for (String text : texts) {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!firstLine) {
                    writeIndent(indent);
                }
                firstLine = false;
                // sops writes "#" + text; go-yaml adds "# " to a continuation line lacking its '#'
                put(i == 0 ? "#" + lines[i] : lines[i].startsWith("#") ? lines[i] : "# " + lines[i]);
                indention = false;
                putBreak();
            }
        }
        whitespace = true;
    }

    private static List<String> leadingComments(Branch b) {
        List<String> out = new ArrayList<>();
        for (Branch.Item item : b) {
            if (!(item.key() instanceof Comment c)) {
                break;
            }
            if (!c.inline()) {
                out.add(c.text());
            }
        }
        return out;
    }

    /** The comments after the last entry or element: sops joins the non-inline ones, then the inline ones. */
    private static List<String> leftovers(List<?> keysOrElements) {
        int start = keysOrElements.size();
        while (start > 0 && keysOrElements.get(start - 1) instanceof Comment) {
            start--;
        }
        List<String> heads = new ArrayList<>();
        List<String> inline = new ArrayList<>();
        for (Object o : keysOrElements.subList(start, keysOrElements.size())) {
            Comment c = (Comment) o;
            (c.inline() ? inline : heads).add(c.text());
        }
        heads.addAll(inline);
        return heads;
    }

    // ---- the emitter's primitives --------------------------------------------------------------

    /** go-yaml's indentation rule: parent+2 inside a list item, else the next multiple of the indent. */
    private int childIndent(int parent, boolean inSequenceItem) {
        if (parent < 0) {
            return 0;
        }
        return inSequenceItem ? parent + 2 : nextIndent(parent);
    }

    private int nextIndent(int parent) {
        if (parent < 0) {
            return best;
        }
        return best * ((parent + best) / best);
    }

    private void writeIndent(int indent) {
        int ind = Math.max(indent, 0);
        if (!indention || column > ind || (column == ind && !whitespace)) {
            putBreak();
        }
        while (column < ind) {
            put(" ");
        }
        whitespace = true;
        indention = true;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
        if (needWhitespace && !whitespace) {
            put(" ");
        }
        put(indicator);
        whitespace = isWhitespace;
        indention = indention && isIndention;
    }

    private void put(String s) {
        out.append(s);
        column += s.codePointCount(0, s.length());
    }

    private void putBreak() {
        out.append('\n');
        column = 0;
        indention = true;
    }

    private static boolean hasEntries(Branch b) {
        for (Branch.Item item : b) {
            if (!item.isComment()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasElements(List<?> l) {
        for (Object o : l) {
            if (!(o instanceof Comment)) {
                return true;
            }
        }
        return false;
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }
}
