package dev.secrets.sops.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Metadata is a value: changing the keys or the MAC gives a new one with the rest kept.
 * SOPS-FORMAT.md §5.1: {@code version} must be a semver (sops refuses a file whose version does not
 * parse), so a file we rewrite that had none gets ours; a file's own version is kept. And the
 * conflict message is sops' own (config.go and stores.go share its list of the six options).
 */
class MetadataValueTest {
    private static Metadata withVersion(String version) {
        return new Metadata(List.of(), 0, "2024-01-01T00:00:00Z", "", null, false, version);
    }

    @Test
    void aFileWithoutVersionGetsOurs() {
        assertEquals(Metadata.SOPS_VERSION, withVersion(null).stamped().version());
        assertEquals(Metadata.SOPS_VERSION, withVersion("").stamped().version());
        assertEquals("3.13.2", Metadata.SOPS_VERSION);
    }

    @Test
    void aFilesOwnVersionIsKept() {
        assertEquals("3.8.1", withVersion("3.8.1").stamped().version());
        assertEquals("v3.7.3", withVersion("v3.7.3").stamped().version());
        Metadata own = withVersion("3.13.3");
        assertEquals(own, own.stamped());
    }

    @Test
    void changingKeysOrMacKeepsTheRest() {
        Metadata md = new Metadata(List.of(), 0, "2024-01-01T00:00:00Z", "ENC[old]",
                new Selection(Selection.Kind.ENCRYPTED_REGEX, "^data$"), true, "3.9.0");
        KeyGroup group = new KeyGroup(List.of());
        Metadata rekeyed = md.withKeyGroups(List.of(group), 1);
        assertEquals(new Metadata(List.of(group), 1, "2024-01-01T00:00:00Z", "ENC[old]", md.selection(), true, "3.9.0"),
                rekeyed);
        Metadata remac = md.withMac("2025-02-03T04:05:06Z", "ENC[new]");
        assertEquals(new Metadata(List.of(), 0, "2025-02-03T04:05:06Z", "ENC[new]", md.selection(), true, "3.9.0"),
                remac);
        assertEquals(Selection.DEFAULT, md.withSelection(null).selection());
        assertEquals("", md.withMac("2025-02-03T04:05:06Z", null).mac());
    }

    @Test
    void conflictMessageIsSops() {
        // sops' config.go: "error loading config: <this> for the same rule".
        assertEquals("cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, "
                + "unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex",
                Selection.conflictMessage());
    }
}
