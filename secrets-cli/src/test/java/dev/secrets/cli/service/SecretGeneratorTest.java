package dev.secrets.cli.service;

import dev.secrets.sops.SopsException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each type's format and length, uuid v4 bits, and bcrypt hashes that verify. */
class SecretGeneratorTest {
    final SecretGenerator gen = new SecretGenerator(new SecureRandom());

    String value(String type) {
        return gen.generate(SecretType.parse(type)).value();
    }

    @Test
    void passwordIsAlphanumericOfLengthN() {
        for (int n : new int[] {1, 16, 32, 100}) {
            String v = value("password:" + n);
            assertTrue(v.matches("[A-Za-z0-9]{" + n + "}"), v);
        }
        // all 62 characters turn up: nothing is left out of the alphabet
        Set<Character> seen = new HashSet<>();
        for (char c : value("password:4000").toCharArray()) {
            seen.add(c);
        }
        assertEquals(62, seen.size());
        assertNotEquals(value("password:32"), value("password:32"));
    }

    @Test
    void hexIsNHexCharactersAsTheKomposeSeedDefinesIt() {
        assertTrue(value("hex:32").matches("[0-9a-f]{32}"));
        assertTrue(value("hex:1").matches("[0-9a-f]"));
        assertTrue(value("hex:105").matches("[0-9a-f]{105}"), "the seed's CODE_GITEA_INTERNAL_TOKEN");
        // an odd length still draws every one of the 16 digits in its last place
        Set<Character> last = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            String v = value("hex:7");
            last.add(v.charAt(6));
        }
        assertEquals(16, last.size());
    }

    @Test
    void base64IsStandardWithPaddingOfNBytes() {
        for (int n : new int[] {1, 2, 3, 32, 48}) {
            String v = value("base64:" + n);
            assertTrue(v.matches("[A-Za-z0-9+/]*={0,2}"), v);
            assertEquals(4 * ((n + 2) / 3), v.length());
            assertEquals(n, Base64.getDecoder().decode(v).length);
        }
    }

    @Test
    void uuidIsVersion4Variant1() {
        for (int i = 0; i < 200; i++) {
            String v = value("uuid");
            assertTrue(v.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), v);
            UUID u = UUID.fromString(v);
            assertEquals(4, u.version());
            assertEquals(2, u.variant()); // RFC 4122 (IETF) variant
        }
    }

    @Test
    void htpasswdLineVerifiesWithItsPassword() {
        SecretGenerator.Generated g = gen.generate(SecretType.parse("htpasswd:admin"));
        assertTrue(g.value().matches("^admin:\\$2y\\$12\\$[./A-Za-z0-9]{53}$"), g.value());
        assertTrue(g.password().matches("[A-Za-z0-9]{32}"));
        String hash = g.value().substring("admin:".length());
        assertTrue(Htpasswd.check(hash, g.password()));
        assertFalse(Htpasswd.check(hash, g.password() + "x"));
        SecretGenerator.Generated bare = gen.generate(SecretType.parse("bcrypt"));
        assertTrue(bare.value().matches("^\\$2y\\$12\\$[./A-Za-z0-9]{53}$"), bare.value());
        assertTrue(Htpasswd.check(bare.value(), bare.password()));
    }

    @Test
    void hashingAKnownPassword() {
        String hash = Htpasswd.hash("correct horse battery staple", new SecureRandom(), 10);
        assertTrue(hash.matches("^\\$2y\\$10\\$[./A-Za-z0-9]{53}$"), hash);
        assertTrue(Htpasswd.check(hash, "correct horse battery staple"));
        assertFalse(Htpasswd.check(hash, "correct horse battery stapl"));
        // made independently by libxcrypt: crypt("correct horse battery staple", "$2y$05$abcdefghijklmnopqrstuu")
        String libxcrypt = "$2y$05$abcdefghijklmnopqrstuuFiPhXf1sVd3pCCRO.uVh34H/qI/ZsuS";
        assertTrue(Htpasswd.check(libxcrypt, "correct horse battery staple"));
        assertFalse(Htpasswd.check(libxcrypt, "Correct horse battery staple"));
    }

    @Test
    void typesParseAndBadOnesAreRefused() {
        assertEquals("password:32", SecretType.parse(" password:32 ").toString());
        assertEquals(SecretType.Kind.MANUAL, SecretType.parse("manual").kind());
        assertEquals("admin", SecretType.parse("htpasswd:admin").user());
        for (String bad : new String[] {"", "password", "password:0", "password:-1", "hex:99999", "uuid4",
            "htpasswd:", "htpasswd:a:b", "htpasswd:a b", "Password:8"}) {
            assertThrows(SopsException.class, () -> SecretType.parse(bad), bad);
        }
    }
}
