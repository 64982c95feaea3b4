package dev.secrets.sops.metadata;

import java.util.List;

/**
 * The {@code sops} block of a file (stores.go metadata), as an immutable value. Changing the keys,
 * the MAC or the time gives a new value.
 *
 * @param shamirThreshold 0 when not set
 * @param lastModified the RFC 3339 string exactly as stored
 * @param mac the encrypted MAC ({@code ENC[...]}), or "" when absent
 * @param version the sops version that wrote the file
 */
public record Metadata(List<KeyGroup> keyGroups, int shamirThreshold, String lastModified, String mac,
                       Selection selection, boolean macOnlyEncrypted, String version) {
    /** The sops release whose file layout and behaviour we match (written into every file). */
    public static final String SOPS_VERSION = "3.13.2";

    public Metadata {
        keyGroups = List.copyOf(keyGroups);
        selection = selection == null ? Selection.DEFAULT : selection;
        mac = mac == null ? "" : mac;
    }

    public Metadata withKeyGroups(List<KeyGroup> groups, int threshold) {
        return new Metadata(groups, threshold, lastModified, mac, selection, macOnlyEncrypted, version);
    }

    public Metadata withMac(String newLastModified, String newMac) {
        return new Metadata(keyGroups, shamirThreshold, newLastModified, newMac, selection, macOnlyEncrypted, version);
    }

    /**
     * This metadata with our version where the file had none (a version-less file we rewrite then
     * opens in sops' CLI, whose KMS check needs a semver); a file's own version is kept.
     */
    public Metadata stamped() {
        return version == null || version.isEmpty()
                ? new Metadata(keyGroups, shamirThreshold, lastModified, mac, selection, macOnlyEncrypted, SOPS_VERSION)
                : this;
    }

    public Metadata withSelection(Selection newSelection) {
        return new Metadata(keyGroups, shamirThreshold, lastModified, mac, newSelection, macOnlyEncrypted, version);
    }
}
