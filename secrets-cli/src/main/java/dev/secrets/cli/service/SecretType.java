package dev.secrets.cli.service;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kind of generated secret, as written after {@code --type} and in {@code secrets.types}:
 * {@code password:N}, {@code hex:N}, {@code base64:N}, {@code uuid}, {@code htpasswd:USER},
 * {@code bcrypt} (the bare hash, for Caddy's basic_auth which takes user and hash apart), {@code manual}.
 */
record SecretType(Kind kind, int length, String user) {
    enum Kind { PASSWORD, HEX, BASE64, UUID, HTPASSWD, BCRYPT, MANUAL }

    /** Large enough for any real secret, small enough that a typo cannot ask for gigabytes. */
    static final int MAX_LENGTH = 4096;
    private static final Pattern SIZED = Pattern.compile("(password|hex|base64):(\\d{1,6})");
    // htpasswd user names: no ':' (the separator), no whitespace (dotenv lines), nothing a shell mangles
    private static final Pattern HTPASSWD = Pattern.compile("htpasswd:([A-Za-z0-9._@-]{1,64})");

    static SecretType parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("uuid")) {
            return new SecretType(Kind.UUID, 0, null);
        }
        if (t.equals("bcrypt")) {
            return new SecretType(Kind.BCRYPT, 0, null);
        }
        if (t.equals("manual")) {
            return new SecretType(Kind.MANUAL, 0, null);
        }
        Matcher sized = SIZED.matcher(t);
        if (sized.matches()) {
            int n = Integer.parseInt(sized.group(2));
            if (n < 1 || n > MAX_LENGTH) {
                throw invalid(t, "N must be between 1 and " + MAX_LENGTH);
            }
            return new SecretType(Kind.valueOf(sized.group(1).toUpperCase(java.util.Locale.ROOT)), n, null);
        }
        Matcher h = HTPASSWD.matcher(t);
        if (h.matches()) {
            return new SecretType(Kind.HTPASSWD, 0, h.group(1));
        }
        throw invalid(t, "expected password:N, hex:N, base64:N, uuid, htpasswd:USER, bcrypt or manual");
    }

    private static SopsException invalid(String t, String why) {
        return new SopsException(ExitCodes.ERROR_GENERIC, "invalid secret type '" + t + "': " + why);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PASSWORD -> "password:" + length;
            case HEX -> "hex:" + length;
            case BASE64 -> "base64:" + length;
            case UUID -> "uuid";
            case HTPASSWD -> "htpasswd:" + user;
            case BCRYPT -> "bcrypt";
            case MANUAL -> "manual";
        };
    }
}
