package dev.secrets.sops.aes;

import dev.secrets.sops.tree.GoTypes;
import dev.secrets.sops.ErrorText;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.GoValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.regex.Pattern;

/**
 * Encrypts or decrypts every value of a tree in place and computes the MAC on the way (sops.go
 * Tree.Encrypt / Tree.Decrypt): the AAD of a value is its map-key path, each key followed by
 * {@code :}; list indices are not part of it; comments are encrypted but never hashed; nulls are
 * skipped; unencrypted values are hashed unless {@code mac_only_encrypted}.
 */
public final class TreeCipher {
    /** SHA-256("sops"): the MAC's first input when mac_only_encrypted is set. */
    private static final byte[] MAC_ONLY_ENCRYPTED_INIT = HexFormat.of()
            .parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

    private final ValueCipher cipher;
    private final byte[] key;
    private final Selection selection;
    private final Pattern pattern;
    private final boolean macOnlyEncrypted;
    private MessageDigest mac;
    private MessageDigest regressionMac;
    private boolean encrypting;

    public TreeCipher(ValueCipher cipher, byte[] key, Selection selection, boolean macOnlyEncrypted) {
        this.cipher = cipher;
        this.key = key;
        this.selection = selection == null ? Selection.DEFAULT : selection;
        this.pattern = this.selection.pattern();
        this.macOnlyEncrypted = macOnlyEncrypted;
    }

    /** Encrypts the documents in place; returns the MAC (uppercase hex) of their plaintext. */
    public String encrypt(List<Branch> documents) {
        return walk(documents, true);
    }

    /** Decrypts the documents in place; returns the MAC (uppercase hex) of the plaintext. */
    public String decrypt(List<Branch> documents) {
        return walk(documents, false);
    }

    private String walk(List<Branch> documents, boolean encrypt) {
        this.encrypting = encrypt;
        try {
            mac = MessageDigest.getInstance("SHA-512");
            regressionMac = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (macOnlyEncrypted) {
            hash(MAC_ONLY_ENCRYPTED_INIT);
        }
        for (Branch doc : documents) {
            walkBranch(doc, new ArrayList<>(), new ArrayList<>());
        }
        regressionMacHex = HexFormat.of().withUpperCase().formatHex(regressionMac.digest());
        return HexFormat.of().withUpperCase().formatHex(mac.digest());
    }

    private String regressionMacHex;

    /**
     * The MAC of the last decryption computed as sops 3.13.2 does it, hashing decrypted list comments
     * too (upstream #2243): only to accept files that release wrote.
     */
    public String regressionMac() {
        return regressionMacHex;
    }

    private void hash(byte[] bytes) {
        mac.update(bytes);
        regressionMac.update(bytes);
    }

    private void walkBranch(Branch branch, List<String> path, List<List<String>> comments) {
        List<String> level = new ArrayList<>();
        comments.add(level);
        ListIterator<Branch.Item> it = branch.items().listIterator();
        while (it.hasNext()) {
            Branch.Item item = it.next();
            if (item.key() instanceof Comment c) {
                level.add(c.text());
                Comment result = (Comment) leaf(c, path, comments, true);
                it.set(new Branch.Item(result, null));
                continue;
            }
            String key = (String) item.key();
            path.add(key);
            Object value = item.value();
            Object result = walkValue(value, path, comments);
            if (result != value) {
                it.set(item.withValue(result));
            }
            path.remove(path.size() - 1);
            level.clear();
        }
        comments.remove(comments.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private Object walkValue(Object value, List<String> path, List<List<String>> comments) {
        if (value instanceof Branch b) {
            walkBranch(b, path, comments);
            return b;
        }
        if (value instanceof List<?> list) {
            walkList((List<Object>) list, path, comments);
            return list;
        }
        if (value == null) {
            return null;
        }
        return leaf(value, path, comments, false);
    }

    private void walkList(List<Object> list, List<String> path, List<List<String>> comments) {
        List<String> level = new ArrayList<>();
        comments.add(level);
        ListIterator<Object> it = list.listIterator();
        while (it.hasNext()) {
            Object element = it.next();
            // On decryption an encrypted list comment is an ordinary string until decrypted, as in sops.
            boolean isComment = element instanceof Comment;
            Object result;
            if (isComment) {
                level.add(((Comment) element).text());
                result = leaf(element, path, comments, true);
                if (encrypting && result instanceof Comment c && !c.text().equals(((Comment) element).text())) {
                    result = c.text(); // an encrypted list comment is written as a plain list element
                }
            } else {
                result = walkValue(element, path, comments);
            }
            if (result != element) {
                it.set(result);
            }
            if (!isComment) {
                level.clear();
            }
        }
        comments.remove(comments.size() - 1);
    }

    private Object leaf(Object value, List<String> path, List<List<String>> comments, boolean isComment) {
        boolean encrypted = shouldEncrypt(path, comments, isComment);
        if (!encrypted) {
            if (!isComment && !(macOnlyEncrypted)) {
                hash(GoValues.toBytes(value));
            }
            return value;
        }
        String aad = aad(path);
        if (encrypting) {
            if (!isComment) {
                hash(GoValues.toBytes(value));
            }
            String enc = cipher.encrypt(value, key, aad);
            if (isComment) {
                if (selection.kind() == Selection.Kind.UNENCRYPTED_COMMENT_REGEX && pattern.matcher(enc).find()) {
                    throw new SopsException(ExitCodes.ERROR_ENCRYPTING_TREE,
                            "Encrypted comment matches UnencryptedCommentRegex!");
                }
                return new Comment(enc); // sops drops the inline mark of an encrypted comment
            }
            return enc;
        }
        if (isComment) {
            Comment c = (Comment) value;
            if (!EncryptedValue.looksEncrypted(c.text())) {
                return c; // a plaintext comment from an old file: kept as is, as sops does
            }
            try {
                Object plain = cipher.decrypt(c.text(), key, aad).value();
                return plain instanceof Comment pc ? pc : c;
            } catch (SopsException e) {
                return c;
            }
        }
        if (!(value instanceof String s)) {
            throw new SopsException(ExitCodes.ERROR_DECRYPTING_TREE,
                    "Expected encrypted value as string, but got " + GoTypes.of(value) + " at '" + ErrorText.escape(aad) + "'");
        }
        ValueCipher.Plain plain = cipher.decrypt(s, key, aad);
        if (!(plain.value() instanceof Comment)) {
            hash(GoValues.toBytes(plain.value()));
        } else {
            regressionMac.update(GoValues.toBytes(plain.value()));
        }
        return plain.value();
    }

    private boolean shouldEncrypt(List<String> path, List<List<String>> comments, boolean isComment) {
        String v = selection.value();
        switch (selection.kind()) {
            case UNENCRYPTED_SUFFIX:
                return !anyEndsWith(path, v);
            case ENCRYPTED_SUFFIX:
                return anyEndsWith(path, v);
            case UNENCRYPTED_REGEX:
                return !anyMatches(path);
            case ENCRYPTED_REGEX:
                return anyMatches(path);
            case UNENCRYPTED_COMMENT_REGEX:
                return !anyComment(comments, isComment, false);
            case ENCRYPTED_COMMENT_REGEX:
                return anyComment(comments, isComment, true);
            default:
                return true;
        }
    }

    private static boolean anyEndsWith(List<String> path, String suffix) {
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i).endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyMatches(List<String> path) {
        for (int i = 0; i < path.size(); i++) {
            if (pattern.matcher(path.get(i)).find()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a comment in the active stack matches; the judged comment itself is skipped where sops skips it. */
    private boolean anyComment(List<List<String>> comments, boolean isComment, boolean skipSelf) {
        for (int i = 0; i < comments.size(); i++) {
            List<String> level = comments.get(i);
            int end = level.size();
            if (skipSelf && isComment && i == comments.size() - 1) {
                end--;
            }
            for (int j = 0; j < end; j++) {
                if (pattern.matcher(level.get(j)).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    static String aad(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String p : path) {
            sb.append(p).append(':');
        }
        return sb.length() == 0 ? ":" : sb.toString();
    }

    /** Encrypts the MAC hex with the lastmodified string as AAD. */
    public static String encryptMac(ValueCipher cipher, byte[] key, String macHex, String lastModified) {
        return cipher.encrypt(macHex, key, lastModified);
    }

    /** Decrypts the stored MAC; "" when the file has none. */
    public static String decryptMac(ValueCipher cipher, byte[] key, String storedMac, String lastModified) {
        Object v = cipher.decrypt(storedMac, key, lastModified).value();
        return v instanceof String s ? s : new String(GoValues.toBytes(v), StandardCharsets.UTF_8);
    }
}
