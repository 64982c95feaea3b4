package dev.secrets.sops.stores.json;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.GoFloat;
import dev.secrets.sops.internal.GoValues;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

/**
 * Writes a tree as sops does: Go encoding/json for every value, then json.Indent. The indented form is
 * produced directly: one element per line, {@code "key": value}, empty containers as {} and [].
 */
public final class GoJsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The largest indentation accepted (ours: sops has none). */
    public static final int MAX_INDENT = 64;

    private final String indent;

    /** @param indent -1 for one tab, N >= 0 for N spaces (0: every element on its own line, unindented) */
    public GoJsonWriter(int indent) {
        if (indent < -1) {
            throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                    "JSON Indentation parameter smaller than -1 is not accepted");
        }
        if (indent > MAX_INDENT) {
            // sops has no upper bound; a huge one only exhausts memory, once per nesting level
            throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                    "JSON Indentation parameter larger than " + MAX_INDENT + " is not accepted");
        }
        this.indent = indent == -1 ? "\t" : " ".repeat(indent);
    }

    /** json.Marshal's compact form (no spaces, no newlines), as sops' INI store prints a single value. */
    public static String compact(Object value) {
        GoJsonWriter w = new GoJsonWriter(0);
        w.compactMode = true;
        return w.write(value);
    }

    private boolean compactMode;

    /** The indented document, without a final newline. */
    public String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(out, value, 0);
        return out.toString();
    }

    /** The same as UTF-8 bytes. */
    public byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    private void writeValue(StringBuilder out, Object value, int depth) {
        if (value instanceof Branch branch) {
            writeObject(out, branch, depth);
        } else if (value instanceof List<?> list) {
            writeArray(out, list, depth);
        } else {
            out.append(scalar(value));
        }
    }

    private void writeObject(StringBuilder out, Branch branch, int depth) {
        boolean empty = true;
        for (Branch.Item item : branch) {
            if (item.isComment()) {
                continue; // JSON has no comments; sops drops them
            }
            out.append(empty ? "{" : ",");
            newline(out, depth + 1);
            quote(out, (String) item.key());
            out.append(compactMode ? ":" : ": ");
            writeValue(out, item.value(), depth + 1);
            empty = false;
        }
        if (empty) {
            out.append("{}");
        } else {
            newline(out, depth);
            out.append('}');
        }
    }

    private void writeArray(StringBuilder out, List<?> list, int depth) {
        boolean empty = true;
        for (Object element : list) {
            if (element instanceof Comment) {
                continue;
            }
            out.append(empty ? "[" : ",");
            newline(out, depth + 1);
            writeValue(out, element, depth + 1);
            empty = false;
        }
        if (empty) {
            out.append("[]");
        } else {
            newline(out, depth);
            out.append(']');
        }
    }

    private void newline(StringBuilder out, int depth) {
        if (compactMode) {
            return;
        }
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append(indent);
        }
    }

    /** json.Marshal of a scalar. */
    public static String scalar(Object value) {
        StringBuilder out = new StringBuilder();
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof RawString raw) {
            quoteBytes(out, raw.bytes());
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                        "Error marshaling to json: json: unsupported value: " + GoFloat.formatF(d));
            }
            out.append(GoFloat.formatJson(d));
        } else if (value instanceof OffsetDateTime t) {
            quote(out, GoValues.formatTime(t)); // time.Time marshals as RFC 3339 with nanoseconds
        } else if (value instanceof byte[] bytes) {
            quote(out, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof Comment c) {
            quote(out, c.text());
        } else {
            throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                    "Error marshaling to json: unsupported value type " + value.getClass().getSimpleName());
        }
        return out.toString();
    }

    /** Go's JSON string escaping, HTML-safe (<, >, & escaped), U+2028/U+2029 escaped. */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c)) {
                out.append("\\ufffd"); // a lone surrogate is no valid rune
            } else {
                escapeChar(out, c);
            }
        }
        out.append('"');
    }

    private static void escapeChar(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
            default -> {
                if (c < 0x20) {
                    unicodeEscape(out, c);
                } else {
                    out.append(c);
                }
            }
        }
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }

    /** A Go string that is not valid UTF-8: every byte that starts no valid rune becomes \ufffd. */
    static void quoteBytes(StringBuilder out, byte[] b) {
        out.append('"');
        int i = 0;
        while (i < b.length) {
            int size = validRuneLength(b, i);
            if (size == 0) {
                out.append("\\ufffd");
                i++;
                continue;
            }
            String rune = new String(b, i, size, StandardCharsets.UTF_8);
            for (int k = 0; k < rune.length(); k++) {
                char c = rune.charAt(k);
                if (Character.isSurrogate(c)) {
                    out.append(c);
                } else {
                    escapeChar(out, c);
                }
            }
            i += size;
        }
        out.append('"');
    }

    /** The length of the valid UTF-8 rune at i (Go's utf8.DecodeRune acceptance ranges), or 0. */
    static int validRuneLength(byte[] b, int i) {
        int c0 = b[i] & 0xff;
        if (c0 < 0x80) {
            return 1;
        }
        int need;
        int lo = 0x80;
        int hi = 0xBF;
        if (c0 >= 0xC2 && c0 <= 0xDF) {
            need = 1;
        } else if (c0 >= 0xE0 && c0 <= 0xEF) {
            need = 2;
            if (c0 == 0xE0) {
                lo = 0xA0;
            } else if (c0 == 0xED) {
                hi = 0x9F;
            }
        } else if (c0 >= 0xF0 && c0 <= 0xF4) {
            need = 3;
            if (c0 == 0xF0) {
                lo = 0x90;
            } else if (c0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + need >= b.length) {
            return 0; // truncated sequence
        }
        int c1 = b[i + 1] & 0xff;
        if (c1 < lo || c1 > hi) {
            return 0;
        }
        for (int k = 2; k <= need; k++) {
            int ck = b[i + k] & 0xff;
            if (ck < 0x80 || ck > 0xBF) {
                return 0;
            }
        }
        return need + 1;
    }
}
