package dev.secrets.sops.shamir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SOPS-FORMAT.md §14.7 and random split/combine. */
class ShamirTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void fieldMultiplication() {
        assertEquals(0xC1, Shamir.mult(0x57, 0x83));
    }

    @Test
    void handMadeSharesCombine() {
        byte[] g0 = HEX.parseHex("4faa49ac01");
        byte[] g1 = HEX.parseHex("11f711f702");
        byte[] g2 = HEX.parseHex("d235d03703");
        byte[] secret = HEX.parseHex("8c68886c");
        assertArrayEquals(secret, Shamir.combine(List.of(g0, g1)));
        assertArrayEquals(secret, Shamir.combine(List.of(g2, g0)));
        assertArrayEquals(secret, Shamir.combine(List.of(g1, g2)));
    }

    @Test
    void randomSplitsRecombine() {
        Random r = new Random(1);
        for (int n = 2; n <= 5; n++) {
            for (int t = 2; t <= n; t++) {
                byte[] secret = new byte[32];
                r.nextBytes(secret);
                byte[][] shares = Shamir.split(secret, n, t);
                assertEquals(33, shares[0].length);
                assertEquals(n, shares[n - 1][32]);
                assertArrayEquals(secret, Shamir.combine(List.of(shares).subList(n - t, n)));
            }
        }
    }
}
