package dev.secrets.sops.shamir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SOPS-FORMAT.md §4.5: HashiCorp Vault's scheme over GF(2^8) (AES polynomial), shares of the
 * secret's length plus the x coordinate as last byte (x = group index + 1 since sops 3.10), any
 * threshold of them recombine, fewer do not, and Combine's own refusals.
 */
class ShamirSpecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Products against an independent shift-and-add in GF(2^8) with x^8+x^4+x^3+x+1. */
    @Test
    void fieldMultiplicationIsTheAesField() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b += 7) {
                assertEquals(slowMult(a, b), Shamir.mult(a, b), a + "*" + b);
            }
        }
        for (int a = 1; a < 256; a++) {
            assertEquals(1, Shamir.mult(a, Shamir.div(1, a)), "inverse of " + a);
            assertEquals(a, Shamir.div(Shamir.mult(a, 0x53), 0x53));
        }
        assertThrows(ArithmeticException.class, () -> Shamir.div(5, 0));
    }

    private static int slowMult(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            if ((b >> i & 1) != 0) {
                product ^= a << i;
            }
        }
        for (int bit = 14; bit >= 8; bit--) {
            if ((product >> bit & 1) != 0) {
                product ^= 0x11B << (bit - 8);
            }
        }
        return product;
    }

    @Test
    void sharesCarryTheirXLastAndHideTheSecret() {
        byte[] secret = HEX.parseHex("8c68886c00ff0155aa");
        byte[][] shares = Shamir.split(secret, 5, 3);
        assertEquals(5, shares.length);
        for (int i = 0; i < 5; i++) {
            assertEquals(secret.length + 1, shares[i].length);
            assertEquals(i + 1, shares[i][secret.length], "x of share " + i);
            // random coefficients: a share is not the secret (2^-72 chance that it is)
            assertFalse(Arrays.equals(secret, Arrays.copyOf(shares[i], secret.length)), "share " + i + " is the secret");
        }
        // every 3 of the 5 recombine, in any order; any 2 do not (2^-72 chance that they do)
        for (int a = 0; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                assertFalse(Arrays.equals(secret, Shamir.combine(List.of(shares[a], shares[b]))), a + "," + b);
                for (int c = b + 1; c < 5; c++) {
                    assertArrayEquals(secret, Shamir.combine(List.of(shares[c], shares[a], shares[b])));
                }
            }
        }
        assertArrayEquals(secret, Shamir.combine(List.of(shares)), "more shares than the threshold");
    }

    /** The polynomial's constant term is the secret: with 255 parts every x in 1..255 is used. */
    @Test
    void limitsOfTheScheme() {
        byte[] secret = {42};
        byte[][] shares = Shamir.split(secret, 255, 255);
        assertEquals(255, shares[254][1] & 0xff);
        assertArrayEquals(secret, Shamir.combine(List.of(shares)));
        assertArrayEquals(secret, Shamir.combine(List.of(Shamir.split(secret, 2, 2))));
        for (int[] bad : new int[][] {{1, 2}, {256, 2}, {3, 1}, {300, 256}, {2, 3}}) {
            assertThrows(IllegalArgumentException.class, () -> Shamir.split(secret, bad[0], bad[1]),
                    "parts " + bad[0] + ", threshold " + bad[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> Shamir.split(new byte[0], 3, 2));
    }

    @Test
    void combineRefusesWhatCannotBeShares() {
        byte[] g0 = HEX.parseHex("4faa49ac01");
        byte[] g1 = HEX.parseHex("11f711f702");
        assertEquals("less than two parts cannot be used to reconstruct the secret",
                assertThrows(IllegalArgumentException.class, () -> Shamir.combine(List.of(g0))).getMessage());
        assertEquals("all parts must be the same length", assertThrows(IllegalArgumentException.class,
                () -> Shamir.combine(List.of(g0, HEX.parseHex("11f711f7f702")))).getMessage());
        assertEquals("all parts must be the same length", assertThrows(IllegalArgumentException.class,
                () -> Shamir.combine(List.of(new byte[] {1}, new byte[] {2}))).getMessage());
        assertEquals("duplicate part detected", assertThrows(IllegalArgumentException.class,
                () -> Shamir.combine(List.of(g0, g1, HEX.parseHex("0000000001")))).getMessage());
        // x is read from the last byte, not from the position in the list (sops 3.8/3.9 shuffled x)
        List<byte[]> swapped = new ArrayList<>(List.of(g1, g0));
        assertArrayEquals(HEX.parseHex("8c68886c"), Shamir.combine(swapped));
    }
}
