package dev.secrets.spring;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeyDiscovery;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the age identities come from: {@code sops.age.key-file} (an age key file) and
 * {@code sops.age.key} (keys as in {@code SOPS_AGE_KEY}, whitespace separated) when either is set;
 * otherwise sops' own key discovery ({@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE},
 * {@code SOPS_AGE_KEY_CMD}, {@code ~/.config/sops/age/keys.txt}, SSH keys).
 */
final class KeySettings {
    static final String KEY_FILE_PROPERTY = "sops.age.key-file";
    static final String KEY_PROPERTY = "sops.age.key";

    private final Path keyFile;
    private final String key;

    KeySettings(Path keyFile, String key) {
        this.keyFile = keyFile;
        this.key = key == null || key.isBlank() ? null : key;
    }

    List<Identity> identities() {
        if (keyFile == null && key == null) {
            return List.of(AgeKeyDiscovery.fromSystem().identities());
        }
        List<Identity> ids = new ArrayList<>();
        if (keyFile != null) {
            String text;
            try {
                text = Files.readString(keyFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY,
                        KEY_FILE_PROPERTY + " " + keyFile + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            }
            ids.add(AgeIdentities.of(AgeKeyFile.parse(text, keyFile.toString(), false), KEY_FILE_PROPERTY + " " + keyFile));
        }
        if (key != null) {
            ids.add(AgeIdentities.of(AgeKeyFile.parse(key, KEY_PROPERTY, true), KEY_PROPERTY));
        }
        return ids;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeySettings other && Objects.equals(keyFile, other.keyFile) && Objects.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyFile, key);
    }

    @Override
    public String toString() {
        return keyFile != null ? KEY_FILE_PROPERTY + "=" + keyFile : key != null ? KEY_PROPERTY + "=(set)" : "sops key discovery";
    }
}
