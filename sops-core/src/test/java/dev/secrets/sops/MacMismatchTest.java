package dev.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.fuzz.FuzzContract;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.MetadataCodec;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.testing.Oracle;
import dev.secrets.sops.testing.RawEnc;
import dev.secrets.sops.testing.SharedTestData;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MAC that decrypts fine but is not the MAC of the tree is refused with sops' exit code 51
 * (SOPS-FORMAT.md §3.3), in every store. The wrong MAC is sealed with the file's own data key and
 * lastmodified as AAD, independently of the code under test ({@link RawEnc}), so only the
 * comparison can catch it: a stored MAC that fails to decrypt is another check.
 *
 * <p>Files: the committed decrypt seeds (every store, data key {@link FuzzContract#DATA_KEY}); the
 * oracle test adds a file of each store written by the real sops.
 */
class MacMismatchTest {
    private static final byte[] KEY = FuzzContract.DATA_KEY;

    @Test
    void validlyEncryptedWrongMacIsRefusedInEveryStore() throws Exception {
        Set<Format> seen = EnumSet.noneOf(Format.class);
        for (Path seed : seeds()) {
            byte[] input = Files.readAllBytes(seed);
            Format format = FuzzContract.format(input);
            seen.add(format);
            check(seed.getFileName().toString(), format, FuzzContract.rest(input), KEY);
        }
        assertEquals(EnumSet.allOf(Format.class), seen, "a seed for every store");
    }

    /** The same with files real sops wrote; the independent oracle agrees on each tampered file. */
    @Test
    void oracleAlsoRefusesTheTamperedCorpusFiles(@TempDir Path tmp) throws Exception {
        Set<Format> seen = EnumSet.noneOf(Format.class);
        for (SharedTestData.CorpusFile row : SharedTestData.manifest()) {
            Format format = Format.parse(row.store());
            if (!row.expectVerify() || !seen.add(format)) {
                continue;
            }
            byte[] file = Files.readAllBytes(row.path());
            Tampered t = check(row.file(), format, file, row.dataKey());
            Path tampered = tmp.resolve(format + ".tampered");
            Files.write(tampered, t.wrongMacFile());
            Oracle.Result refused = Oracle.run(tampered, row.store(), "--data-key", row.dataKeyHex());
            assertEquals(1, refused.exitCode(), row.file() + ": oracle on the wrong MAC: " + refused.stderr());
            assertTrue(refused.stderr().contains("MAC mismatch"), refused.stderr());
            Path control = tmp.resolve(format + ".control");
            Files.write(control, t.resealedFile());
            Oracle.Result ok = Oracle.run(control, row.store(), "--data-key", row.dataKeyHex());
            assertEquals(0, ok.exitCode(), row.file() + ": oracle on the re-sealed right MAC: " + ok.stderr());
        }
        assertEquals(EnumSet.allOf(Format.class), seen, "a corpus file for every store");
    }

    /** The files written with the right MAC re-sealed (the control) and with a wrong one. */
    private record Tampered(byte[] resealedFile, byte[] wrongMacFile) {
    }

    private static Tampered check(String name, Format format, byte[] file, byte[] key) throws Exception {
        Store store = Stores.of(format);
        Store.EncryptedDocuments loaded = store.loadEncrypted(file);
        Metadata md = MetadataCodec.fromBranch(loaded.metadata());
        String lastModified = md.lastModified();
        assertTrue(lastModified.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                name + ": lastmodified in the canonical form, so it is the MAC's AAD as written: " + lastModified);
        String mac = new String(RawEnc.open(key, lastModified, md.mac()), StandardCharsets.UTF_8);
        assertTrue(mac.matches("[0-9A-F]{128}"), name + ": the stored MAC is uppercase SHA-512 hex");

        // control: the right MAC sealed the same way opens, so a refusal below is the comparison's
        byte[] resealed = withMac(store, loaded.documents(), md, RawEnc.seal(key, lastModified, bytes(mac), "str"));
        List<Branch> expected;
        try (DecryptedFile opened = Sops.decryptWithKey(resealed, store, key, false)) {
            expected = opened.documents();
        }

        char last = mac.charAt(127);
        List<String> wrongMacs = List.of(
                mac.substring(0, 127) + (last == '0' ? '1' : '0'), // one hex digit
                mac.toLowerCase(java.util.Locale.ROOT),               // sops compares case-sensitively
                sha512Hex(""));                                      // the MAC of an empty tree
        byte[] firstWrong = null;
        for (String wrong : wrongMacs) {
            assertNotEquals(mac, wrong);
            byte[] tampered = withMac(store, loaded.documents(), md, RawEnc.seal(key, lastModified, bytes(wrong), "str"));
            firstWrong = firstWrong == null ? tampered : firstWrong;
            SopsException e = assertThrows(SopsException.class, () -> Sops.decryptWithKey(tampered, store, key, false),
                    name + ": a wrong MAC was accepted");
            assertEquals(ExitCodes.MAC_MISMATCH, e.exitCode(), name + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("MAC mismatch"), e.getMessage());
            // the tree itself is intact: --ignore-mac opens it to the same documents
            try (DecryptedFile opened = Sops.decryptWithKey(tampered, store, key, true)) {
                assertEquals(expected, opened.documents(), name);
            }
        }
        return new Tampered(resealed, firstWrong);
    }

    private static byte[] withMac(Store store, List<Branch> documents, Metadata md, String encryptedMac) {
        return store.emitEncrypted(documents, MetadataCodec.toBranch(md.withMac(md.lastModified(), encryptedMac)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha512Hex(String s) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes(s)));
    }

    /** The committed decrypt seeds (format byte, then the file), read from the test classpath. */
    static List<Path> seeds() throws IOException, URISyntaxException {
        Path dir = Path.of(MacMismatchTest.class.getResource("/dev/secrets/sops/fuzz/DecryptFuzzTestInputs/withDataKey").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> seeds = s.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().toList();
            assertTrue(seeds.size() >= 5, "seeds: " + seeds);
            return seeds;
        }
    }
}
