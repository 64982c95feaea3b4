package dev.secrets.sops.aes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secrets.sops.SopsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct base64 paths of ENC[...] values against java.util.Base64 and against the general
 * parser: the same text out, the same bytes in, and every text the fast path does not take decided
 * by the general path exactly as before.
 */
class Base64TextTest {
    private final Random random = new Random(20260602);

    @Test
    void encodesAsJavaUtilBase64() {
        for (int n = 0; n < 200; n++) {
            byte[] in = new byte[n];
            random.nextBytes(in);
            int off = n == 0 ? 0 : random.nextInt(n);
            int len = n - off;
            byte[] out = new byte[Base64Text.encodedLength(len) + 3];
            int end = Base64Text.encode(in, off, len, out, 3);
            String want = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(in, off, off + len));
            assertEquals(want, new String(out, 3, end - 3, StandardCharsets.ISO_8859_1));
            assertEquals(out.length, end);
        }
    }

    @Test
    void decodesWhatJavaUtilBase64DecodesAndNothingElse() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_\r\n ,é";
        for (int n = 0; n < 100_000; n++) {
            String s;
            if (random.nextBoolean()) {
                byte[] b = new byte[random.nextInt(40)];
                random.nextBytes(b);
                StringBuilder t = new StringBuilder(Base64.getEncoder().encodeToString(b));
                if (t.length() > 0 && random.nextInt(3) == 0) {
                    t.setCharAt(random.nextInt(t.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                }
                s = t.toString();
            } else {
                StringBuilder t = new StringBuilder();
                int len = random.nextInt(13);
                for (int i = 0; i < len; i++) {
                    t.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                s = t.toString();
            }
            String framed = "x" + s + "y";
            int len = Base64Text.decodedLength(framed, 1, 1 + s.length());
            byte[] out = len < 0 ? null : new byte[len + 2];
            boolean ok = len >= 0 && Base64Text.decode(framed, 1, 1 + s.length(), out, 2);
            if (ok) {
                byte[] want;
                try {
                    want = Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    fail("decoded what java.util.Base64 refuses: " + s);
                    return;
                }
                assertEquals(len, want.length, s);
                assertArrayEquals(want, java.util.Arrays.copyOfRange(out, 2, 2 + len), s);
            }
        }
    }

    @Test
    void sealedParseAgreesWithTheGeneralParser() {
        String iv = "MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=";
        String good = "ENC[AES256_GCM,data:oYyi,iv:" + iv + ",tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]";
        String pieces = "ENC[]AES256_GCM,data:iv:tag:type:str=+/\r\n aZ09é";
        for (int n = 0; n < 100_000; n++) {
            StringBuilder t = new StringBuilder(good);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(t.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> t.insert(at, pieces.charAt(random.nextInt(pieces.length())));
                    case 1 -> {
                        if (at < t.length()) {
                            t.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < t.length()) {
                            t.setCharAt(at, pieces.charAt(random.nextInt(pieces.length())));
                        }
                    }
                }
            }
            String s = t.toString();
            EncryptedValue general;
            try {
                general = EncryptedValue.parse(s);
            } catch (SopsException e) {
                SopsException got = assertThrows(SopsException.class, () -> EncryptedValue.parseSealed(s), s);
                assertEquals(e.getMessage(), got.getMessage(), s);
                continue;
            }
            EncryptedValue.Sealed sealed = EncryptedValue.parseSealed(s);
            byte[] want = new byte[general.data().length + general.tag().length];
            System.arraycopy(general.data(), 0, want, 0, general.data().length);
            System.arraycopy(general.tag(), 0, want, general.data().length, general.tag().length);
            assertArrayEquals(want, sealed.sealed(), s);
            assertArrayEquals(general.iv(), sealed.iv(), s);
            assertEquals(general.type(), sealed.type(), s);
        }
    }

    @Test
    void formatIsTheRecordsFormat() {
        for (int n = 16; n < 120; n++) {
            byte[] sealed = new byte[n];
            random.nextBytes(sealed);
            byte[] iv = new byte[32];
            random.nextBytes(iv);
            EncryptedValue ev = new EncryptedValue(java.util.Arrays.copyOf(sealed, n - 16),
                    iv, java.util.Arrays.copyOfRange(sealed, n - 16, n), "comment");
            assertEquals(ev.format(), EncryptedValue.format(sealed, iv, "comment"));
        }
    }
}
