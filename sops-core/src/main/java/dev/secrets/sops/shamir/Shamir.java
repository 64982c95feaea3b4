package dev.secrets.sops.shamir;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir's secret sharing over GF(2^8) with the AES polynomial, as sops does it (HashiCorp Vault's
 * scheme): a share is the evaluated bytes followed by its x coordinate as the last byte.
 */
public final class Shamir {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Shamir() {
    }

    /** Splits into {@code parts} shares with x = 1..parts (sops 3.10+); any {@code threshold} recombine. */
    public static byte[][] split(byte[] secret, int parts, int threshold) {
        if (parts < threshold || parts > 255 || threshold < 2 || threshold > 255 || secret.length == 0) {
            throw new IllegalArgumentException("invalid Shamir parameters: parts " + parts + ", threshold " + threshold);
        }
        byte[][] shares = new byte[parts][secret.length + 1];
        byte[] coefficients = new byte[threshold];
        byte[] random = new byte[threshold - 1];
        for (int i = 0; i < parts; i++) {
            shares[i][secret.length] = (byte) (i + 1);
        }
        for (int b = 0; b < secret.length; b++) {
            coefficients[0] = secret[b];
            RANDOM.nextBytes(random);
            System.arraycopy(random, 0, coefficients, 1, threshold - 1);
            for (int i = 0; i < parts; i++) {
                shares[i][b] = (byte) evaluate(coefficients, i + 1);
            }
        }
        Arrays.fill(coefficients, (byte) 0);
        Arrays.fill(random, (byte) 0); // the polynomial's other coefficients: with them one share gives the secret
        return shares;
    }

    /** Lagrange interpolation at 0, with each share's x taken from its last byte. */
    public static byte[] combine(List<byte[]> shares) {
        if (shares.size() < 2) {
            throw new IllegalArgumentException("less than two parts cannot be used to reconstruct the secret");
        }
        int len = shares.get(0).length;
        Set<Integer> xs = new HashSet<>();
        for (byte[] s : shares) {
            if (s.length != len || len < 2) {
                throw new IllegalArgumentException("all parts must be the same length");
            }
            if (!xs.add(s[len - 1] & 0xff)) {
                throw new IllegalArgumentException("duplicate part detected");
            }
        }
        byte[] secret = new byte[len - 1];
        for (int b = 0; b < len - 1; b++) {
            int result = 0;
            for (int i = 0; i < shares.size(); i++) {
                int xi = shares.get(i)[len - 1] & 0xff;
                int basis = 1;
                for (int j = 0; j < shares.size(); j++) {
                    if (i == j) {
                        continue;
                    }
                    int xj = shares.get(j)[len - 1] & 0xff;
                    basis = mult(basis, div(xj, xj ^ xi));
                }
                result ^= mult(shares.get(i)[b] & 0xff, basis);
            }
            secret[b] = (byte) result;
        }
        return secret;
    }

    private static int evaluate(byte[] coefficients, int x) {
        int out = 0;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            out = mult(out, x) ^ (coefficients[i] & 0xff);
        }
        return out;
    }

    /** Multiplication in GF(2^8) modulo x^8+x^4+x^3+x+1. */
    public static int mult(int a, int b) {
        int r = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            boolean carry = (a & 0x80) != 0;
            a = (a << 1) & 0xff;
            if (carry) {
                a ^= 0x1b;
            }
            b >>= 1;
        }
        return r;
    }

    static int div(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("divide by zero");
        }
        return mult(a, inverse(b));
    }

    private static int inverse(int a) {
        // a^254 = a^-1 in GF(2^8)
        int result = 1;
        int base = a;
        int e = 254;
        while (e > 0) {
            if ((e & 1) != 0) {
                result = mult(result, base);
            }
            base = mult(base, base);
            e >>= 1;
        }
        return result;
    }
}
