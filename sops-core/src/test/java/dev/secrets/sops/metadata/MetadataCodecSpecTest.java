package dev.secrets.sops.metadata;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The metadata block as SOPS-FORMAT.md §5.1-5.2 describes it: reading accepts every version's
 * layout (flat key lists form the one group, in sops' type order, before {@code key_groups}; values
 * typed or as dotenv/INI strings), writing is 3.13's (every level sorted by key, groups always carry
 * {@code age} and {@code hc_vault}, optional fields only when set).
 */
class MetadataCodecSpecTest {
    private static Branch age(String recipient) {
        return new Branch().add("recipient", recipient).add("enc", "E-" + recipient);
    }

    private static Branch pgp(String fp) {
        return new Branch().add("fp", fp).add("created_at", "2020-01-01T00:00:00Z").add("enc", "P-" + fp);
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    private static Branch base() {
        return new Branch().add("lastmodified", "2024-01-02T03:04:05Z").add("mac", "ENC[x]").add("version", "3.9.0");
    }

    @Test
    void flatListsFormOneGroupInSopsTypeOrder() {
        Branch m = base().add("pgp", list(pgp("F1"))).add("age", list(age("a1"), age("a2")))
                .add("kms", list(new Branch().add("arn", "K1").add("enc", "k")))
                .add("azure_kv", list(new Branch().add("vault_url", "V").add("enc", "z")))
                .add("hc_vault", list()).add("unknown_list", list(new Branch().add("enc", "u")))
                .add("key_groups", list(new Branch().add("age", list(age("ignored")))));
        Metadata md = MetadataCodec.fromBranch(m);
        assertEquals(1, md.keyGroups().size());
        assertEquals(List.of("kms:K1", "azure_kv:", "pgp:F1", "age:a1", "age:a2"),
                md.keyGroups().get(0).keys().stream().map(k -> k.type() + ":" + k.id()).toList());
        assertEquals("2024-01-02T03:04:05Z", md.lastModified());
        assertEquals("ENC[x]", md.mac());
        assertEquals("3.9.0", md.version());
        assertEquals(0, md.shamirThreshold());
        assertEquals(Selection.DEFAULT, md.selection());
        assertEquals(false, md.macOnlyEncrypted());
    }

    @Test
    void keyGroupsWhenNoFlatListHoldsAKey() {
        Branch m = base().add("age", list()).add("shamir_threshold", 2L).add("key_groups", list(
                new Branch().add("hc_vault", list()).add("age", list(age("a1"))).add("pgp", list(pgp("F1"))),
                "not a group",
                new Branch().add("age", list(age("b1"), "not a key")).add("merge", list(age("merged")))));
        Metadata md = MetadataCodec.fromBranch(m);
        assertEquals(2, md.keyGroups().size());
        assertEquals(List.of("pgp:F1", "age:a1"), md.keyGroups().get(0).keys().stream().map(k -> k.type() + ":" + k.id()).toList());
        assertEquals(List.of("age:b1"), md.keyGroups().get(1).keys().stream().map(k -> k.type() + ":" + k.id()).toList());
        assertEquals(2, md.shamirThreshold());
    }

    @Test
    void flattenedStringsAreReadAsTheirTypes() {
        Branch m = base().add("age", list(age("a"))).add("shamir_threshold", " 3 ").add("mac_only_encrypted", "True")
                .add("encrypted_regex", "^data$");
        Metadata md = MetadataCodec.fromBranch(m);
        assertEquals(3, md.shamirThreshold());
        assertEquals(true, md.macOnlyEncrypted());
        assertEquals(new Selection(Selection.Kind.ENCRYPTED_REGEX, "^data$"), md.selection());
        assertEquals(true, MetadataCodec.fromBranch(base().add("age", list(age("a"))).add("mac_only_encrypted", true)).macOnlyEncrypted());
        assertEquals(false, MetadataCodec.fromBranch(base().add("age", list(age("a"))).add("mac_only_encrypted", "no")).macOnlyEncrypted());
        assertEquals(0, MetadataCodec.fromBranch(base().add("age", list(age("a"))).add("shamir_threshold", "")).shamirThreshold());
        // no mac, no version: read as empty (the MAC check then refuses: File has no MAC)
        Metadata bare = MetadataCodec.fromBranch(new Branch().add("lastmodified", "x").add("age", list(age("a"))));
        assertEquals("", bare.mac());
        assertEquals("", bare.version());
        // an empty selection option is no option
        assertEquals(Selection.DEFAULT, MetadataCodec.fromBranch(base().add("age", list(age("a"))).add("encrypted_suffix", "")).selection());
        for (String key : Selection.keys()) {
            assertEquals(Selection.Kind.byKey(key), MetadataCodec.fromBranch(base().add("age", list(age("a"))).add(key, "v")).selection().kind());
        }
    }

    @Test
    void refusals() {
        refused("No keys found in file", base());
        refused("No keys found in file", base().add("age", list()).add("key_groups", list(new Branch().add("age", list()))));
        refused("sops metadata has no lastmodified", new Branch().add("age", list(age("a"))));
        refused("sops metadata: shamir_threshold is not a number", base().add("age", list(age("a"))).add("shamir_threshold", "two"));
        refused("Cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, "
                + "encrypted_comment_regex, or unencrypted_comment_regex in the same file",
                base().add("age", list(age("a"))).add("encrypted_suffix", "_e").add("unencrypted_regex", "x"));
    }

    private static void refused(String message, Branch m) {
        SopsException e = assertThrows(SopsException.class, () -> MetadataCodec.fromBranch(m));
        assertEquals(ExitCodes.ERROR_GENERIC, e.exitCode());
        assertEquals(message, e.getMessage());
    }

    /** 3.13's layout, key by key. */
    @Test
    void writtenAs313WritesIt() {
        Metadata one = new Metadata(List.of(new KeyGroup(List.of(StoredKey.age("a1", "E1"),
                new StoredKey("pgp", pgp("F1"))))), 0, "2024-01-02T03:04:05Z", "ENC[m]", Selection.DEFAULT, false, "3.13.2");
        assertEquals("{age=[{enc=E1, recipient=a1}], lastmodified=2024-01-02T03:04:05Z, mac=ENC[m], "
                + "pgp=[{created_at=2020-01-01T00:00:00Z, enc=P-F1, fp=F1}], unencrypted_suffix=_unencrypted, version=3.13.2}",
                text(MetadataCodec.toBranch(one)));

        Metadata groups = new Metadata(List.of(new KeyGroup(List.of(StoredKey.age("a1", "E1"))),
                new KeyGroup(List.of(new StoredKey("pgp", pgp("F1"))))), 2, "t", "m",
                new Selection(Selection.Kind.ENCRYPTED_COMMENT_REGEX, "sops"), true, "3.13.2");
        assertEquals("{encrypted_comment_regex=sops, key_groups=[{age=[{enc=E1, recipient=a1}], hc_vault=[]}, "
                + "{age=[], hc_vault=[], pgp=[{created_at=2020-01-01T00:00:00Z, enc=P-F1, fp=F1}]}], lastmodified=t, mac=m, "
                + "mac_only_encrypted=true, shamir_threshold=2, version=3.13.2}", text(MetadataCodec.toBranch(groups)));
        assertEquals(Long.class, MetadataCodec.toBranch(groups).get("shamir_threshold").getClass());

        // the binary store's "no option" writes none; read back, it is the default
        Metadata none = one.withSelection(Selection.NONE);
        Branch written = MetadataCodec.toBranch(none);
        assertEquals(false, written.containsKey("unencrypted_suffix"));
        assertEquals(Selection.DEFAULT, MetadataCodec.fromBranch(written).selection());
        // and back: what was written reads as the same metadata (fields then in sorted order)
        Metadata again = MetadataCodec.fromBranch(MetadataCodec.toBranch(groups));
        assertEquals(MetadataCodec.toBranch(groups), MetadataCodec.toBranch(again));
        assertEquals(List.of("enc", "recipient"), again.keyGroups().get(0).keys().get(0).fields().items().stream()
                .map(Branch.Item::key).toList());
    }

    /** A Branch as nested {k=v} text, keys in their order. */
    private static String text(Object v) {
        if (v instanceof Branch b) {
            List<String> parts = new ArrayList<>();
            b.forEach(i -> parts.add(i.key() + "=" + text(i.value())));
            return "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(e -> parts.add(text(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }
}
