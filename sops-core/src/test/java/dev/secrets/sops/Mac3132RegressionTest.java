package dev.secrets.sops;

import dev.secrets.sops.aes.TreeCipher;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.RawEnc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * sops 3.13.2 alone hashes decrypted list comments into the MAC (SOPS-FORMAT §3.1, upstream #2243):
 * its walk writes {@code ToBytes(Comment)}, the comment's text, where every other release skips it.
 * The expected MACs are computed here from the plaintext as the spec says (SHA-512 over the values'
 * bytes in tree order, uppercase hex), not by the code under test. (The shared oracle cannot serve:
 * it hashes a Python representation of the decrypted comment, not its text.) A file carrying the
 * 3.13.2 MAC opens only when stamped 3.13.2 (DECISIONS.md).
 */
class Mac3132RegressionTest {
    private static final byte[] PLAIN = """
            list:
                # a comment inside the list
                - one
                - two
            b: x
            """.getBytes(StandardCharsets.UTF_8);

    @Test
    void theListCommentMacIsAcceptedFromA3132FileOnly() throws Exception {
        byte[] key = FuzzContract.DATA_KEY;
        Store store = Stores.of(Format.YAML);
        byte[] written = Sops.encryptWith(store, store.loadPlain(PLAIN), metadata(), key.clone(), new ValueCipher());

        Store.EncryptedDocuments loaded = store.loadEncrypted(written);
        Metadata md = MetadataCodec.fromBranch(loaded.metadata());
        TreeCipher tree = new TreeCipher(new ValueCipher(), key.clone(), Selection.DEFAULT, false);
        assertEquals(sha512("one" + "two" + "x"), tree.decrypt(store.loadEncrypted(written).documents()),
                "every release but 3.13.2 hashes the values only");
        String regressionMac = tree.regressionMac();
        assertEquals(sha512(" a comment inside the list" + "one" + "two" + "x"), regressionMac,
                "3.13.2 hashes the decrypted comment's text where it stands");

        // a 3.13.2 stamp is no pass: a MAC that is neither is refused there too
        Metadata wrong = new Metadata(md.keyGroups(), md.shamirThreshold(), md.lastModified(),
                RawEnc.seal(key, md.lastModified(), sha512("").getBytes(StandardCharsets.UTF_8), "str"),
                md.selection(), md.macOnlyEncrypted(), "3.13.2");
        byte[] wrongFile = store.emitEncrypted(loaded.documents(), MetadataCodec.toBranch(wrong));
        assertEquals(ExitCodes.MAC_MISMATCH, assertThrows(SopsException.class,
                () -> Sops.decryptWithKey(wrongFile, store, key, false)).exitCode());

        for (String version : List.of("3.13.1", "3.13.2", "3.13.3")) {
            Metadata stamped = new Metadata(md.keyGroups(), md.shamirThreshold(), md.lastModified(),
                    RawEnc.seal(key, md.lastModified(), regressionMac.getBytes(StandardCharsets.UTF_8), "str"),
                    md.selection(), md.macOnlyEncrypted(), version);
            byte[] file = store.emitEncrypted(loaded.documents(), MetadataCodec.toBranch(stamped));
            if (version.equals("3.13.2")) {
                try (DecryptedFile opened = Sops.decryptWithKey(file, store, key, false)) {
                    assertEquals(store.loadPlain(PLAIN), opened.documents());
                }
            } else {
                SopsException e = assertThrows(SopsException.class, () -> Sops.decryptWithKey(file, store, key, false), version);
                assertEquals(ExitCodes.MAC_MISMATCH, e.exitCode(), version + ": " + e.getMessage());
            }
        }
    }

    /** The key groups of a committed YAML seed, whose data key is {@link FuzzContract#DATA_KEY}. */
    private static Metadata metadata() throws Exception {
        for (Path seed : MacMismatchTest.seeds()) {
            byte[] input = Files.readAllBytes(seed);
            if (FuzzContract.format(input) == Format.YAML) {
                Metadata md = MetadataCodec.fromBranch(Stores.of(Format.YAML).loadEncrypted(FuzzContract.rest(input)).metadata());
                return new Metadata(md.keyGroups(), md.shamirThreshold(), "", "", Selection.DEFAULT, false, "3.13.2");
            }
        }
        throw new AssertionError("no YAML seed");
    }

    private static String sha512(String s) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

}
