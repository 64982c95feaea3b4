package dev.secrets.sops.git;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The text {@code git diff} compares for a sops file (a textconv filter): the decrypted file when an
 * identity opens it and its MAC verifies; otherwise the file's keys with {@code <encrypted TAG>} in
 * place of each encrypted value, under one comment line saying why. TAG is a short hash of the
 * value's ciphertext (public, like the ciphertext itself): it changes when the value was encrypted
 * anew, so a diff without a key still shows which keys were added, removed or changed. Bytes that
 * are no sops file come back as they are.
 */
public final class DiffText {
    /** What stands for an encrypted value when the file cannot be decrypted, before its tag. */
    private static final String ENCRYPTED = "<encrypted";

    /** The text, and whether it is the decrypted file; the caller wipes {@code text} when it is. */
    public record View(byte[] text, boolean decrypted) {
    }

    private DiffText() {
    }

    public static View of(byte[] file, Store store, List<Identity> identities) {
        if (!CommitGuard.looksEncrypted(file)) {
            return new View(file, false);
        }
        String reason;
        try (DecryptedFile opened = Sops.decrypt(file, store, identities, false)) {
            return new View(opened.plaintext(store), true);
        } catch (SopsException e) {
            reason = switch (e.exitCode()) {
                case ExitCodes.COULD_NOT_RETRIEVE_KEY -> "no key for its recipients";
                case ExitCodes.MAC_MISMATCH -> "MAC mismatch, the file was modified or corrupted";
                default -> e.getMessage() == null ? "does not decrypt" : e.getMessage().replace('\n', ' ');
            };
        } catch (RuntimeException e) {
            reason = e.getClass().getSimpleName(); // a parser's own message may quote the input
        }
        byte[] masked;
        try {
            List<Branch> documents = store.loadEncrypted(file).documents();
            documents.forEach(DiffText::mask);
            masked = store.emitPlain(documents);
        } catch (RuntimeException e) {
            return new View(file, false); // not even the layout reads: ciphertext is no secret
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(masked.length + 100);
        out.writeBytes(("# not decrypted (" + reason + "); " + ENCRYPTED + " TAG> marks each encrypted value "
                + "(TAG: a hash of its ciphertext)\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(masked);
        return new View(out.toByteArray(), false);
    }

    /** Replaces every encrypted value and comment of a tree, in place. */
    private static void mask(Branch branch) {
        List<Branch.Item> items = branch.items();
        for (int i = 0; i < items.size(); i++) {
            Branch.Item item = items.get(i);
            if (item.key() instanceof Comment c && isEncrypted(c.text())) {
                items.set(i, new Branch.Item(new Comment(" " + placeholder(c.text()), c.inline()), item.value()));
            } else {
                items.set(i, item.withValue(masked(item.value())));
            }
        }
    }

    private static Object masked(Object value) {
        if (value instanceof Branch b) {
            mask(b);
            return b;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(e instanceof Comment c && isEncrypted(c.text()) ? new Comment(" " + placeholder(c.text()), c.inline()) : masked(e));
            }
            return out;
        }
        return value instanceof String s && isEncrypted(s) ? placeholder(s) : value;
    }

    private static String placeholder(String ciphertext) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ciphertext.strip().getBytes(StandardCharsets.UTF_8));
            return ENCRYPTED + " " + HexFormat.of().formatHex(hash, 0, 4) + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    private static boolean isEncrypted(String s) {
        return s.strip().startsWith("ENC[AES256_GCM,");
    }
}
