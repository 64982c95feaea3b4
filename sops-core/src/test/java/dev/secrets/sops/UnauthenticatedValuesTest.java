package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.sops.aes.TreeCipher;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.testing.RawEnc;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which values of a decrypted tree the MAC and the AAD do not bind to their key (the injection policy
 * of deploy/exec-env rests on it): plaintext values (their names never; their bytes unless
 * mac_only_encrypted), empty values and nulls. Every non-empty encrypted value is bound.
 */
class UnauthenticatedValuesTest {
    private static final byte[] KEY = FuzzContract.DATA_KEY;

    private static String enc(String aad, String value) {
        return RawEnc.seal(KEY, aad, value.getBytes(StandardCharsets.UTF_8), "str");
    }

    private static List<String> unauthenticated(Branch doc, Selection selection, boolean macOnly) {
        TreeCipher cipher = new TreeCipher(new ValueCipher(), KEY, selection, macOnly);
        cipher.decrypt(List.of(doc));
        List<String> out = new ArrayList<>();
        for (UnauthenticatedValue v : cipher.unauthenticated()) {
            out.add(v.document() + v.path().toString() + (v.empty() ? " empty" : "") + (v.valueInMac() ? " inMac" : ""));
        }
        return out;
    }

    private Branch tree() {
        return new Branch()
                .add("DB_PASSWORD", enc("DB_PASSWORD:", "s3cret"))
                .add("URL_unencrypted", "https://x")
                .add("EMPTY", "")
                .add("NOTHING", null)
                .add("list", new ArrayList<>(Arrays.asList(enc("list:", "a"), "", null)))
                .add("nested", new Branch().add("port_unencrypted", 8080L).add("pw", enc("nested:pw:", "p")));
    }

    @Test
    void plaintextEmptyAndNullValuesAreNamedWithTheirPaths() {
        assertEquals(List.of("0[\"URL_unencrypted\"] inMac", "0[\"EMPTY\"] empty", "0[\"NOTHING\"] empty",
                        "0[\"list\"][1] empty", "0[\"list\"][2] empty", "0[\"nested\"][\"port_unencrypted\"] inMac"),
                unauthenticated(tree(), Selection.DEFAULT, false));
    }

    @Test
    void underMacOnlyEncryptedAPlaintextValueIsNotInTheMacEither() {
        List<String> got = unauthenticated(tree(), Selection.DEFAULT, true);
        assertEquals("0[\"URL_unencrypted\"]", got.get(0));
        assertEquals("0[\"nested\"][\"port_unencrypted\"]", got.get(got.size() - 1));
    }

    @Test
    void aRegexSelectionDecidesWhatIsPlaintext() {
        Branch doc = new Branch().add("LD_PRELOAD", "/tmp/x.so").add("DB_PASSWORD", enc("DB_PASSWORD:", "s3cret"));
        assertEquals(List.of("0[\"LD_PRELOAD\"] inMac"),
                unauthenticated(doc, new Selection(Selection.Kind.UNENCRYPTED_REGEX, "^LD_PRELOAD$"), false));
    }
}
