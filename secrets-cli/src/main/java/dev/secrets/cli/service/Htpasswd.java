package dev.secrets.cli.service;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** htpasswd lines with bcrypt ({@code USER:$2y$12$...}), the hash Apache, Caddy and Traefik accept. */
final class Htpasswd {
    /** bcrypt cost: 2^12 rounds, about a quarter second; htpasswd -B defaults to 5, OWASP asks for 10 or more. */
    static final int COST = 12;

    private Htpasswd() {
    }

    static String line(String user, String password, SecureRandom random) {
        return user + ":" + hash(password, random, COST);
    }

    static String hash(String password, SecureRandom random, int cost) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        // "2y" is the prefix htpasswd writes; the bytes hashed are the same as "2b"
        return OpenBSDBCrypt.generate("2y", password.getBytes(StandardCharsets.UTF_8), salt, cost);
    }

    static boolean check(String hash, String password) {
        return OpenBSDBCrypt.checkPassword(hash, password.getBytes(StandardCharsets.UTF_8));
    }
}
