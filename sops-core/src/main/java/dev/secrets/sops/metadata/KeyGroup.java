package dev.secrets.sops.metadata;

import dev.secrets.sops.keys.StoredKey;
import java.util.List;

/** One key group: every key in it wraps the same data key (or the same Shamir share). */
public record KeyGroup(List<StoredKey> keys) {
    public KeyGroup {
        keys = List.copyOf(keys);
    }
}
