package dev.secrets.cli.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Makes secret values of a {@link SecretType}, from SecureRandom only. */
final class SecretGenerator {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** Length of the random password behind an htpasswd line: 190 bits, within bcrypt's 72-byte limit. */
    static final int HTPASSWD_PASSWORD_LENGTH = 32;

    private final SecureRandom random;

    SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    SecretGenerator() {
        this(new SecureRandom());
    }

    /** A generated value; htpasswd and bcrypt types also carry the password the hash was made from. */
    record Generated(String value, String password) {
    }

    Generated generate(SecretType type) {
        return switch (type.kind()) {
            case PASSWORD -> new Generated(password(type.length()), null);
            case HEX -> new Generated(hex(type.length()), null);
            case BASE64 -> new Generated(Base64.getEncoder().encodeToString(bytes(type.length())), null);
            case UUID -> new Generated(uuid(), null);
            case HTPASSWD -> {
                String pw = password(HTPASSWD_PASSWORD_LENGTH);
                yield new Generated(Htpasswd.line(type.user(), pw, random), pw);
            }
            case BCRYPT -> {
                String pw = password(HTPASSWD_PASSWORD_LENGTH);
                yield new Generated(Htpasswd.hash(pw, random, Htpasswd.COST), pw);
            }
            case MANUAL -> throw new IllegalArgumentException("manual secrets are not generated");
        };
    }

    String password(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length()))); // nextInt(bound) is unbiased
        }
        return sb.toString();
    }

    /** N hexadecimal characters (the Kompose seed's hex:N): 4 random bits each, from ceil(N/2) bytes. */
    String hex(int n) {
        return HexFormat.of().formatHex(bytes((n + 1) / 2)).substring(0, n);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** RFC 4122 version 4 from our SecureRandom (UUID.randomUUID would use its own). */
    String uuid() {
        byte[] b = bytes(16);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // variant 10xx
        String hex = HexFormat.of().formatHex(b);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
