package dev.secrets.sops.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every single-byte change, and every deleted line, of an encrypted file of each store is either
 * refused with a clean error and one of sops' exit codes, or opens to a tree whose authenticated
 * part is exactly the original (SOPS-FORMAT.md §2.3, §3.1: values through the MAC, the key path of
 * every encrypted value through its AAD; keys of unencrypted values, comments and most metadata are
 * not authenticated by sops). Never a different plaintext, never an unexpected exception.
 *
 * <p>Stricter for the bytes that carry the secrets: every byte of an encrypted value (data, IV, tag,
 * type; the MAC too) and of the key name of an encrypted value must be refused. The one documented
 * exception is a base64 character whose changed bits are padding bits that no decoder reads (Go's
 * StdEncoding and the JDK's alike): the bytes decoded are the same, and the file must then open to
 * exactly the same tree.
 */
class TamperTest {
    private static final Set<Integer> REFUSAL_CODES = Set.of(1, 2, 25, 51, 128);
    private static final Pattern ENC = Pattern.compile(
            "ENC\\[AES256_GCM,data:([^,\\]]*),iv:([^,\\]]*),tag:([^,\\]]*),type:([a-z]+)\\]");

    /** A plaintext, and the names of the keys whose values (or children) get encrypted. */
    private record Case(String format, String plaintext, List<String> encryptedKeys) {
    }

    private static final List<Case> CASES = List.of(
            new Case("yaml", "# a comment\ndb:\n    user: admin\n    pass: s3cret\nport: 5432\nlist:\n    - x\n    - true\n"
                    + "plain_unencrypted: visible\n", List.of("db", "user", "pass", "port", "list")),
            new Case("json", "{\"db\": {\"user\": \"admin\", \"port\": 5432}, \"ok\": true, \"f\": 1.5,"
                    + " \"note_unencrypted\": \"visible\"}", List.of("db", "user", "port", "ok", "f")),
            new Case("dotenv", "# comment\nUSER=admin\nPASS=s3cret\nEMPTY=\nNOTE_unencrypted=visible\n",
                    List.of("USER", "PASS")),
            new Case("ini", "[db]\nuser = admin\npass = s3cret\n", List.of("db", "user", "pass")),
            new Case("binary", "raw bytes\nline two\n", List.of("data")));

    @Test
    void everyFlippedByteAndDeletedLineIsRefusedOrLeavesTheAuthenticatedTreeAlone() {
        AgeKeygen key = AgeKeygen.generate();
        List<Identity> ids = List.of(AgeIdentities.of(List.of(key.identity()), "test"));
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey())));
        for (Case c : CASES) {
            Format format = Format.parse(c.format());
            Store store = Stores.of(format);
            List<Branch> docs = store.loadPlain(c.plaintext().getBytes(StandardCharsets.UTF_8));
            List<Branch> original = copy(docs);
            byte[] encrypted = Sops.encrypt(docs, store, rule);
            String text = new String(encrypted, StandardCharsets.ISO_8859_1);
            Secrets secrets = Secrets.locate(format, text, c.encryptedKeys());
            int refused = 0;
            int identical = 0;
            int unauthenticated = 0;
            int paddingBits = 0;
            for (int i = 0; i < encrypted.length; i++) {
                byte[] variant = encrypted.clone();
                variant[i] = (byte) (variant[i] == 'A' ? 'B' : 'A');
                List<Branch> opened = open(format, store, ids, variant, original);
                if (opened == null) {
                    refused++;
                } else if (opened.equals(original)) {
                    identical++;
                } else {
                    unauthenticated++;
                }
                if (secrets.mustRefuse.get(i) && opened != null) {
                    if (!secrets.decodesTheSame(text, i, (char) variant[i])) {
                        fail(format + ": byte " + i + " of an encrypted value or its key name changed, and the file"
                                + " still opened:\n" + new String(variant, StandardCharsets.UTF_8));
                    }
                    assertEquals(original, opened, format + ": same bytes decoded, yet another tree");
                    paddingBits++;
                }
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                List<String> kept = new ArrayList<>(Arrays.asList(lines));
                kept.remove(i);
                if (open(format, store, ids, String.join("\n", kept).getBytes(StandardCharsets.ISO_8859_1), original) == null) {
                    refused++;
                }
            }
            int mustRefuse = secrets.mustRefuse.cardinality();
            System.out.println("tamper " + format + ": " + encrypted.length + " bytes, " + mustRefuse
                    + " in encrypted values and their key names (" + paddingBits + " of them base64 padding bits: same tree); "
                    + refused + " variants refused, " + identical + " opened to the same tree, " + unauthenticated
                    + " differing only where sops authenticates nothing");
            // the positions checked are the ones the case says: every encrypted value, the MAC, every key name
            assertEquals(secrets.expectedValues(c, original), secrets.values, format + ": encrypted values found");
            assertEquals(Set.copyOf(c.encryptedKeys()), secrets.keysFound, format + ": key names found");
            // padding bits: at most the 2 or 4 spare bits of the last character of a padded segment
            assertTrue(paddingBits <= secrets.paddedSegments, format + ": " + paddingBits + " harmless of "
                    + secrets.paddedSegments + " padded segments");
        }
    }

    /** The opened documents, or null when refused (after checking the refusal is clean). */
    private static List<Branch> open(Format format, Store store, List<Identity> ids, byte[] variant, List<Branch> original) {
        try (DecryptedFile opened = Sops.decrypt(variant, store, ids, false)) {
            assertEquals(authenticated(original), authenticated(opened.documents()),
                    () -> format + ": a tampered file opened to other authenticated content:\n"
                            + new String(variant, StandardCharsets.UTF_8));
            return copy(opened.documents());
        } catch (SopsException e) {
            assertTrue(REFUSAL_CODES.contains(e.exitCode()), format + ": exit " + e.exitCode() + ": " + e.getMessage());
            assertTrue(!e.getMessage().contains("s3cret") && !e.getMessage().contains("\n"), e.getMessage());
            return null;
        }
    }

    /**
     * What sops authenticates, in walk order: each non-empty value, with its key path when it is
     * encrypted (bound by the AAD) and without it when it is not (the default suffix rule).
     */
    private static List<String> authenticated(List<Branch> docs) {
        List<String> out = new ArrayList<>();
        docs.forEach(d -> collect(d, "", false, out));
        return out;
    }

    private static void collect(Object v, String path, boolean unencrypted, List<String> out) {
        if (v instanceof Branch b) {
            for (Branch.Item item : b) {
                if (item.key() instanceof String k) {
                    collect(item.value(), path + k + ":", unencrypted || k.endsWith("_unencrypted"), out);
                }
            }
        } else if (v instanceof List<?> list) {
            for (Object e : list) {
                if (!(e instanceof Comment)) {
                    collect(e, path, unencrypted, out);
                }
            }
        } else if (v != null && !"".equals(v)) {
            // empty values and nulls add no bytes to sops' MAC, and are stored unencrypted
            out.add((unencrypted ? "(unauthenticated key)" : path) + " = " + v.getClass().getSimpleName() + " " + v);
        }
    }

    /** Where the secrets lie in an encrypted file's text. */
    private static final class Secrets {
        final BitSet mustRefuse = new BitSet();
        /** start and end of each base64 segment (data, iv, tag) of every encrypted value. */
        final List<int[]> segments = new ArrayList<>();
        final Set<String> keysFound = new java.util.HashSet<>();
        int values;
        int paddedSegments;

        static Secrets locate(Format format, String text, List<String> keys) {
            Secrets s = new Secrets();
            int metadataStart = metadataStart(format, text);
            Matcher m = ENC.matcher(text);
            while (m.find()) {
                if (m.group(4).equals("comment")) {
                    continue; // a comment that no longer decrypts is kept as text, as sops does
                }
                s.values++;
                s.mustRefuse.set(m.start(), m.end());
                for (int g = 1; g <= 3; g++) {
                    s.segments.add(new int[] {m.start(g), m.end(g)});
                    if (m.group(g).endsWith("=")) {
                        s.paddedSegments++;
                    }
                }
            }
            String names = String.join("|", keys.stream().map(Pattern::quote).toList());
            Pattern keyName = switch (format) {
                case YAML -> Pattern.compile("(?m)^ *(" + names + "):");
                case JSON, BINARY -> Pattern.compile("\"(" + names + ")\":");
                case DOTENV -> Pattern.compile("(?m)^(" + names + ")=");
                case INI -> Pattern.compile("(?m)^(?:\\[(" + names + ")\\]$|(" + names + ") *=)");
            };
            Matcher k = keyName.matcher(text);
            while (k.find() && k.start() < metadataStart) {
                int g = k.group(1) != null ? 1 : 2;
                s.mustRefuse.set(k.start(g), k.end(g));
                s.keysFound.add(k.group(g));
            }
            return s;
        }

        /** Where the metadata begins (the key names searched lie before it). */
        private static int metadataStart(Format format, String text) {
            int at = switch (format) {
                case YAML -> text.indexOf("\nsops:");
                case JSON, BINARY -> text.indexOf("\"sops\":");
                case DOTENV -> text.indexOf("\nsops_");
                case INI -> text.indexOf("[sops]");
            };
            assertTrue(at > 0, "metadata not found");
            return at;
        }

        /** Encrypted values the case holds: its non-empty encrypted leaves, plus the MAC. */
        int expectedValues(Case c, List<Branch> original) {
            return (int) authenticated(original).stream().filter(v -> !v.startsWith("(unauthenticated key)")).count() + 1;
        }

        /** Whether changing text[i] to {@code to} leaves the bytes of its base64 segment the same. */
        boolean decodesTheSame(String text, int i, char to) {
            for (int[] seg : segments) {
                if (i >= seg[0] && i < seg[1]) {
                    String before = text.substring(seg[0], seg[1]);
                    StringBuilder after = new StringBuilder(before);
                    after.setCharAt(i - seg[0], to);
                    try {
                        return Arrays.equals(Base64.getDecoder().decode(before), Base64.getDecoder().decode(after.toString()));
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                }
            }
            return false;
        }
    }

    private static List<Branch> copy(List<Branch> docs) {
        List<Branch> out = new ArrayList<>();
        docs.forEach(d -> out.add(d.deepCopy()));
        return out;
    }
}
