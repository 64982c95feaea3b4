package dev.secrets.age;

import java.math.BigInteger;

/**
 * The fractional hexadecimal digits of pi as 32-bit words: Blowfish's initial state (P-array, then
 * the four S-boxes) is the first 1042 of them. They are computed rather than stored as a table:
 * Chudnovsky's series summed by binary splitting in fixed point, {@code pi = 426880 sqrt(10005) Q / T},
 * with 64 guard bits (the truncation errors of the square root and the division are a few units in
 * the last place). A few tens of milliseconds of CPU on a cold JVM, paid only when a
 * passphrase-protected SSH key is opened.
 */
final class PiWords {
    /** 640320^3 / 24, the denominator constant of each term. */
    private static final BigInteger C3_OVER_24 = BigInteger.valueOf(10_939_058_860_032_000L);
    private static final int GUARD_BITS = 64;
    /** Each term of the series adds about 47.11 bits. */
    private static final int BITS_PER_TERM = 47;

    private PiWords() {
    }

    /** The first {@code count} 32-bit words of pi's fraction: 0x243F6A88, 0x85A308D3, … */
    static int[] first(int count) {
        int bits = 32 * count + GUARD_BITS;
        BigInteger[] pqt = split(0, bits / BITS_PER_TERM + 2);
        BigInteger root = sqrt(BigInteger.valueOf(10005).shiftLeft(2 * bits)); // sqrt(10005) * 2^bits
        BigInteger pi = root.multiply(BigInteger.valueOf(426880)).multiply(pqt[1]).divide(pqt[2]);
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(GUARD_BITS);
        byte[] bigEndian = fraction.toByteArray();
        int[] words = new int[count];
        int offset = bigEndian.length - 4 * count; // leading zero bytes of the fraction are absent
        for (int i = 0; i < count; i++) {
            int w = 0;
            for (int j = 0; j < 4; j++) {
                int at = offset + 4 * i + j;
                w = (w << 8) | (at >= 0 ? bigEndian[at] & 0xff : 0);
            }
            words[i] = w;
        }
        return words;
    }

    /** P, Q and T of the terms [a, b): the sum is T/Q (T carrying 13591409 + 545140134 k and the signs). */
    private static BigInteger[] split(long a, long b) {
        if (b - a == 1) {
            BigInteger p;
            BigInteger q;
            if (a == 0) {
                p = BigInteger.ONE;
                q = BigInteger.ONE;
            } else {
                p = BigInteger.valueOf((6 * a - 5) * (2 * a - 1) * (6 * a - 1));
                q = BigInteger.valueOf(a * a * a).multiply(C3_OVER_24);
            }
            BigInteger t = p.multiply(BigInteger.valueOf(13_591_409L + 545_140_134L * a));
            return new BigInteger[] {p, q, (a & 1) == 1 ? t.negate() : t};
        }
        long m = (a + b) >>> 1;
        BigInteger[] left = split(a, m);
        BigInteger[] right = split(m, b);
        return new BigInteger[] {left[0].multiply(right[0]), left[1].multiply(right[1]),
            left[2].multiply(right[1]).add(left[0].multiply(right[2]))};
    }

    /**
     * Floor of the square root by Newton's method with doubling precision: JDK 17's
     * {@code BigInteger.sqrt} takes hundreds of milliseconds at this size.
     */
    static BigInteger sqrt(BigInteger n) {
        int bits = n.bitLength();
        BigInteger x;
        if (bits <= 52) {
            x = BigInteger.valueOf((long) Math.sqrt(n.doubleValue()));
        } else {
            int half = bits / 4;
            x = sqrt(n.shiftRight(2 * half)).shiftLeft(half);
            x = x.add(n.divide(x)).shiftRight(1);
        }
        while (x.multiply(x).compareTo(n) > 0) {
            x = x.subtract(BigInteger.ONE);
        }
        while (x.add(BigInteger.ONE).multiply(x.add(BigInteger.ONE)).compareTo(n) <= 0) {
            x = x.add(BigInteger.ONE);
        }
        return x;
    }
}
