package dev.secrets.age;

import java.util.Base64;

/** age's stanza encoding: standard base64 without padding, strict on decoding. */
final class StanzaBase64 {
    private StanzaBase64() {
    }

    static String encode(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] decode(String s) {
        if (s.indexOf('=') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("non-canonical base64");
        }
        byte[] out = Base64.getDecoder().decode(s);
        if (!encode(out).equals(s)) {
            throw new IllegalArgumentException("non-canonical base64");
        }
        return out;
    }
}
