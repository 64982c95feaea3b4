package example;

import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.KeyRotation;
import dev.secrets.sops.KeyUpdate;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.TreePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a Java program does with sops files: each method is a few lines of the public API. */
public final class LibraryUsage {
    private LibraryUsage() {
    }

    private static Store storeFor(Path file) {
        return Stores.of(Format.ofPath(file.toString()));
    }

    /** A new encrypted file from plaintext, for one group of recipients. */
    public static void encrypt(Path file, byte[] plaintext, List<? extends Recipient> recipients) {
        byte[] encrypted = Sops.encrypt(plaintext, Format.ofPath(file.toString()), EncryptionRule.of(recipients));
        AtomicFile.write(file, encrypted, false);
    }

    /** The values, MAC verified. */
    public static Map<String, Object> read(Path file, List<Identity> identities) {
        try (SopsFile opened = SopsFile.open(file, storeFor(file), identities, false)) {
            return opened.decrypted().toMap();
        }
    }

    /** One value changed; every other value keeps its ciphertext. */
    public static void set(Path file, List<Identity> identities, String key, String value) {
        try (SopsFile opened = SopsFile.open(file, storeFor(file), identities, false)) {
            TreePath.key(key).set(opened.documents().get(0), value);
            opened.save();
        }
    }

    /** A new data key, wrapped for these recipients (sops rotate). */
    public static void rotate(Path file, List<Identity> identities, List<? extends Recipient> recipients) {
        byte[] rotated = KeyRotation.rotate(AtomicFile.read(file), storeFor(file), EncryptionRule.of(recipients), identities);
        AtomicFile.write(file, rotated, false);
    }

    /** The same data key re-wrapped for these recipients (sops updatekeys); false when nothing changes. */
    public static boolean updateKeys(Path file, List<Identity> identities, List<? extends Recipient> recipients) {
        KeyUpdate update = KeyUpdate.plan(AtomicFile.read(file), storeFor(file), List.of(List.copyOf(recipients)));
        if (!update.changes()) {
            return false;
        }
        AtomicFile.write(file, update.apply(identities), false);
        return true;
    }
}
