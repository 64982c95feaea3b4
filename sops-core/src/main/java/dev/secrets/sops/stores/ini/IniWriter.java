package dev.secrets.sops.stores.ini;

import dev.secrets.sops.internal.ErrorText;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.GoBytes;
import dev.secrets.sops.stores.ValueText;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.RawString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * sops' encodeTree into a go-ini file and go-ini's pretty WriteTo: keys padded to the longest key of
 * their section, {@code " = "}, a blank line between sections, quoting as go-ini does.
 */
final class IniWriter {
    private static final String DELIMITERS = "=:";

    /** A section as go-ini holds it: unique keys, each with one comment. Strings are byte strings. */
    private record Section(String name, String comment, Map<String, String[]> keys) {
    }

    private IniWriter() {
    }

    static byte[] write(Branch tree) {
        return GoBytes.bytes(format(sections(tree)));
    }

    /** sops' encodeTree: top-level comments dropped, a first comment is the section's, others the previous key's. */
    private static List<Section> sections(Branch tree) {
        List<Section> sections = new ArrayList<>();
        for (Branch.Item item : tree) {
            if (item.isComment()) {
                continue;
            }
            if (!(item.value() instanceof Branch items)) {
                throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                        "Error marshaling to INI: Error encoding section: Section values should always be TreeBranches");
            }
            String name = GoBytes.fromValue(item.key());
            if (name.isEmpty()) {
                throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                        "Error marshaling to INI: Error encoding section : empty section name");
            }
            String sectionComment = "";
            int first = 0;
            if (!items.isEmpty() && items.items().get(0).key() instanceof Comment c) {
                sectionComment = GoBytes.fromValue(c.text());
                first = 1;
            }
            Map<String, String[]> keys = new LinkedHashMap<>();
            String[] last = null;
            for (Branch.Item kv : items.items().subList(first, items.size())) {
                if (kv.key() instanceof Comment c) {
                    if (last != null) {
                        last[1] = GoBytes.fromValue(c.text());
                    }
                    continue;
                }
                String key = GoBytes.fromValue(kv.key());
                if (key.isEmpty()) {
                    throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                            "Error marshaling to INI: Error encoding key: error creating new key: empty key name");
                }
                if (ValueText.isComplex(kv.value())) {
                    throw new SopsException(ExitCodes.ERROR_DUMPING_TREE,
                            "Error marshaling to INI: cannot use complex value in INI file; offending key " + ErrorText.escape(String.valueOf(kv.key())));
                }
                last = keys.computeIfAbsent(key, k -> new String[] {null, ""});
                last[0] = text(kv.value()); // a repeated key overwrites the value in place, as go-ini
            }
            sections.add(new Section(name, sectionComment, keys));
        }
        return sections;
    }

    private static String text(Object value) {
        if (value instanceof String || value instanceof RawString) {
            return GoBytes.fromValue(value);
        }
        return GoBytes.fromValue(ValueText.valToString(value));
    }

    /** go-ini's writeToBuffer with PrettyFormat and PrettySection. */
    private static String format(List<Section> sections) {
        StringBuilder buf = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            Section sec = sections.get(i);
            if (!sec.comment().isEmpty()) {
                for (String line : sec.comment().split("\n", -1)) {
                    buf.append(commentLine(line, false)).append('\n');
                }
            }
            if (i > 0 || !sec.name().toUpperCase(Locale.ROOT).equals("DEFAULT")) {
                buf.append('[').append(sec.name()).append("]\n");
            } else if (sec.keys().isEmpty()) {
                continue; // an empty leading DEFAULT section is not written at all
            }
            int align = 0;
            for (String name : sec.keys().keySet()) {
                align = Math.max(align, quotedKey(name).length());
            }
            for (Map.Entry<String, String[]> e : sec.keys().entrySet()) {
                String keyComment = e.getValue()[1];
                if (!keyComment.isEmpty()) {
                    for (String line : keyComment.split("\n", -1)) {
                        buf.append(commentLine(line, true)).append('\n');
                    }
                }
                String name = quotedKey(e.getKey());
                buf.append(name).append(" ".repeat(align - name.length())).append(" = ")
                        .append(quotedValue(e.getValue()[0])).append('\n');
            }
            if (i < sections.size() - 1) {
                buf.append('\n');
            }
        }
        return buf.toString();
    }

    /** go-ini: a line not starting with ';' or '#' gets "; "; key comment lines are trimmed. */
    private static String commentLine(String line, boolean trim) {
        if (line.isEmpty() || (line.charAt(0) != '#' && line.charAt(0) != ';')) {
            return "; " + (trim ? GoBytes.trimSpace(line) : line);
        }
        return line.charAt(0) + " " + GoBytes.trimSpace(line.substring(1));
    }

    private static String quotedKey(String name) {
        if (name.indexOf('"') >= 0 || containsAny(name, DELIMITERS)) {
            return "`" + name + "`";
        }
        if (name.indexOf('`') >= 0) {
            return "\"\"\"" + name + "\"\"\"";
        }
        return name;
    }

    private static String quotedValue(String val) {
        if (containsAny(val, "\n`")) {
            return "\"\"\"" + val + "\"\"\"";
        }
        if (containsAny(val, "#;")) {
            return "`" + val + "`";
        }
        if (GoBytes.trimSpace(val).length() != val.length()) {
            return "\"" + val + "\"";
        }
        return val;
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
