package dev.secrets.sops.internal;

/** Text from a library's exception made fit for a one-line {@link dev.secrets.sops.SopsException} message. */
public final class ErrorText {
    private ErrorText() {
    }

    /**
     * The first line of the text, trimmed, with control characters and Unicode line separators
     * escaped: parsers quote the character they stopped at (snakeyaml-engine: {@code unexpected
     * character found \r(13)}), and a raw CR or separator would break the line. "" for null.
     */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return escape((nl < 0 ? text : text.substring(0, nl)).trim());
    }

    /**
     * The text with every control character (C0, DEL, C1) and U+2028/U+2029 escaped, so text taken
     * from a file (a type name, a key type) cannot break a one-line message.
     */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (!escape) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
