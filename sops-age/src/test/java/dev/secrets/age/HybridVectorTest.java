package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C2SP age test vectors (CCTV, npm {@code cctv-age}, read where npm installed them) of the
 * post-quantum hybrid recipient: every one decrypts, or fails, as the vector expects; the file key
 * our identities unwrap is the vector's; a "no match" is a clean no-match, a "header failure" an
 * error, never a no-match.
 */
class HybridVectorTest {
    /**
     * The one vector about the X25519 identity: jagged's X25519 reader takes a 1120-byte share in an
     * X25519 stanza for another key's stanza (no match) where age calls it malformed; the file does
     * not open either way.
     */
    private static final String X25519_STANZA_WITH_HYBRID_SHARE = "hybrid_x25519_arg";

    @TempDir
    Path tmp;

    /** A vector file: header lines, an empty line, then the age file (maybe zlib-compressed). */
    private record Vector(String name, String expect, String payloadSha256, String fileKeyHex,
                          List<String> identities, boolean armored, byte[] file) {
        static Vector parse(String name, byte[] raw) throws Exception {
            int at = 0;
            String expect = null;
            String payload = null;
            String fileKey = null;
            boolean armored = false;
            boolean zlib = false;
            List<String> identities = new ArrayList<>();
            while (true) {
                int nl = indexOf(raw, (byte) '\n', at);
                String line = new String(raw, at, nl - at, StandardCharsets.US_ASCII);
                at = nl + 1;
                if (line.isEmpty()) {
                    break;
                }
                String[] kv = line.split(": ", 2);
                switch (kv[0]) {
                    case "expect" -> expect = kv[1];
                    case "payload" -> payload = kv[1];
                    case "file key" -> fileKey = kv[1];
                    case "identity" -> identities.add(kv[1]);
                    case "armored" -> armored = true;
                    case "compressed" -> zlib = kv[1].equals("zlib");
                    default -> { }
                }
            }
            byte[] file = java.util.Arrays.copyOfRange(raw, at, raw.length);
            if (zlib) {
                file = new InflaterInputStream(new ByteArrayInputStream(file)).readAllBytes();
            }
            return new Vector(name, expect, payload, fileKey, identities, armored, file);
        }

        private static int indexOf(byte[] b, byte x, int from) {
            for (int i = from; i < b.length; i++) {
                if (b[i] == x) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no payload");
        }
    }

    /** Our identities, remembering the file key they gave. */
    private static final class Recording implements RecipientStanzaReader {
        private final RecipientStanzaReader inner;
        byte[] fileKey;

        Recording(RecipientStanzaReader inner) {
            this.inner = inner;
        }

        @Override
        public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
            FileKey k = inner.getFileKey(stanzas);
            fileKey = k.getEncoded();
            return k;
        }
    }

    @Test
    void everyHybridVector() throws Exception {
        Typage typage = Typage.require();
        typage.vectors(tmp, "hybrid");
        List<Path> files;
        try (Stream<Path> s = Files.list(tmp)) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= 19, "expected the C2SP hybrid vectors, found " + files);
        int success = 0;
        int noMatch = 0;
        int failure = 0;
        for (Path f : files) {
            Vector v = Vector.parse(f.getFileName().toString(), Files.readAllBytes(f));
            List<AgeIdentity> ids = AgeKeyFile.parse(String.join("\n", v.identities()) + "\n", v.name(), false);
            assertTrue(ids.stream().anyMatch(i -> i instanceof HybridIdentity), v.name());
            Recording reader = new Recording(new AnyIdentityReader(ids));
            byte[] payload = null;
            Exception error = null;
            try {
                payload = decrypt(v, reader);
            } catch (Exception e) {
                error = e;
            }
            switch (v.expect()) {
                case "success" -> {
                    assertNotNull(payload, v.name() + ": " + error);
                    assertEquals(v.payloadSha256(), sha256(payload), v.name());
                    assertEquals(v.fileKeyHex(), HexFormat.of().formatHex(reader.fileKey), v.name());
                    success++;
                }
                case "no match" -> {
                    assertTrue(error instanceof UnsupportedRecipientStanzaException, v.name() + ": " + error);
                    noMatch++;
                }
                case "header failure" -> {
                    assertNotNull(error, v.name() + " decrypted");
                    if (!v.name().equals(X25519_STANZA_WITH_HYBRID_SHARE)) {
                        assertFalse(error instanceof UnsupportedRecipientStanzaException, v.name() + ": " + error);
                    }
                    failure++;
                }
                default -> fail(v.name() + ": unexpected expect " + v.expect());
            }
        }
        assertTrue(success >= 5 && noMatch >= 4 && failure >= 9,
                "success " + success + ", no match " + noMatch + ", header failure " + failure);
    }

    private static byte[] decrypt(Vector v, RecipientStanzaReader reader) throws Exception {
        ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(v.file()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReadableByteChannel ch = v.armored()
                ? new ArmoredDecryptingChannelFactory().newDecryptingChannel(in, List.of(reader))
                : new StandardDecryptingChannelFactory().newDecryptingChannel(in, List.of(reader))) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
