package dev.secrets.sops.merge;

import dev.secrets.sops.internal.ErrorText;


/**
 * Key paths in sops' tree path syntax ({@code ["db"]["password"]}), as {@code --extract}, set and
 * unset take them. A key holding {@code "} is quoted with {@code '}; control characters are
 * escaped so a path stays on one line.
 */
final class SopsPath {
    private SopsPath() {
    }

    static String child(String parent, String key) {
        String quote = key.contains("\"") && !key.contains("'") ? "'" : "\"";
        return parent + "[" + quote + ErrorText.escape(key) + quote + "]";
    }
}
