package dev.secrets.sops.stores.dotenv;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.GoBytes;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;

/**
 * sops' dotenv parser (split on \n, blank lines dropped, '#' lines are comments, key = bytes before the
 * first '=', value = the rest with two-char {@code \n} turned into a newline; no quotes, no export), plus
 * one decision of ours: a value opened by a double quote that is not closed on its line continues until
 * a line ending with a double quote (PEM keys). Its real newlines are kept, quotes included.
 */
final class DotenvParser {
    private DotenvParser() {
    }

    static Branch parse(byte[] bytes, int exitCode) {
        String[] lines = GoBytes.byteString(bytes).split("\n", -1);
        Branch branch = new Branch();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            int lineNo = ++i;
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == '#') {
                branch.addComment(new Comment(GoBytes.toKey(line.substring(1))));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                // never the line itself: it may hold a secret
                throw new SopsException(exitCode, "invalid dotenv input line " + lineNo);
            }
            String raw = line.substring(eq + 1);
            if (opensQuotedBlock(raw)) {
                int end = closingLine(lines, i);
                if (end >= 0) {
                    StringBuilder sb = new StringBuilder(raw);
                    for (int k = i; k <= end; k++) {
                        sb.append('\n').append(lines[k]);
                    }
                    raw = sb.toString();
                    i = end + 1;
                }
                // never closed: read the line as sops does
            }
            branch.add(GoBytes.toKey(line.substring(0, eq)), GoBytes.toValue(raw.replace("\\n", "\n")));
        }
        return branch;
    }

    /** A value whose only double quote is its first character (a CR of a CRLF file aside). */
    static boolean opensQuotedBlock(String raw) {
        return raw.startsWith("\"") && raw.indexOf('"', 1) < 0;
    }

    /** The index of the first line from {@code from} that ends with a double quote, or -1. */
    private static int closingLine(String[] lines, int from) {
        for (int k = from; k < lines.length; k++) {
            String l = lines[k].endsWith("\r") ? lines[k].substring(0, lines[k].length() - 1) : lines[k];
            if (l.endsWith("\"")) {
                return k;
            }
        }
        return -1;
    }
}
