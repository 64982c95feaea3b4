package dev.secrets.cli.service;

import dev.secrets.sops.stores.ValueText;
import dev.secrets.sops.tree.Branch;
import java.util.List;
import java.util.regex.Pattern;

/** What a secret's value looks like, without ever showing it: set, empty, or a placeholder left from a template. */
enum ValueStatus {
    OK, EMPTY, PLACEHOLDER;

    /**
     * Whole-value, case-insensitive placeholder words: change me / replace me / set me (any separator),
     * changeit, todo, tbd, fixme, placeholder, xxx..., {@code <anything>}, {@code your-...-here}.
     */
    private static final Pattern PLACEHOLDER_VALUE = Pattern.compile(
            "(change|replace|set|fill)[-_. ]?(me|it|this)([-_. ]?please)?|todo|tbd|fixme|placeholder"
                    + "|x{3,}|<[^<>]*>|your[-_. ].*[-_. ]here|\\.\\.\\.",
            Pattern.CASE_INSENSITIVE);

    static ValueStatus of(Object value) {
        if (value == null) {
            return EMPTY;
        }
        if (value instanceof Branch || value instanceof List<?>) {
            return OK; // a nested map or list (YAML/JSON files) is not a placeholder string
        }
        String text = unquote(value instanceof String s ? s : ValueText.valToString(value).trim()).trim();
        if (text.isEmpty()) {
            return EMPTY;
        }
        return PLACEHOLDER_VALUE.matcher(text).matches() ? PLACEHOLDER : OK;
    }

    /** Dotenv values keep their quotes (sops semantics): {@code "changeme"} is still a placeholder. */
    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    boolean needsValue() {
        return this != OK;
    }
}
