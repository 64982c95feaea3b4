package dev.secrets.sops.aes;

import dev.secrets.sops.internal.GoTypes;
import dev.secrets.sops.internal.ErrorText;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.UnauthenticatedValue;
import dev.secrets.sops.metadata.GoRegex;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.tree.TreePath;
import dev.secrets.sops.internal.GoValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Encrypts or decrypts every value of a tree in place and computes the MAC on the way (sops.go
 * Tree.Encrypt / Tree.Decrypt): the AAD of a value is its map-key path, each key followed by
 * {@code :}; list indices are not part of it; comments are encrypted but never hashed; nulls are
 * skipped; unencrypted values are hashed unless {@code mac_only_encrypted}.
 *
 * <p>Three passes over each window of leaves: the walk decides, in tree order, what happens to every
 * leaf (and so everything that depends on the path and the comments above it); the AES-GCM work of
 * a large tree then runs on the available cores, each value on its own; the last pass applies the
 * results in tree order, hashing the MAC in that order and reporting the first failing value, as
 * one sequential walk would. The walk stops at every full window for the other two passes.
 */
public final class TreeCipher {
    /** SHA-256("sops"): the MAC's first input when mac_only_encrypted is set. */
    private static final byte[] MAC_ONLY_ENCRYPTED_INIT = HexFormat.of()
            .parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");
    /** Below this many values a tree is done on the calling thread (a thread hand-off costs more). */
    static int parallelThreshold = 2048;
    /** Values per unit of parallel work (each unit has its own Cipher instances). */
    private static final int CHUNK = 256;
    /** Values walked, then encrypted or decrypted, before their results are applied. */
    private static final int WINDOW = 16 * CHUNK;

    private final ValueCipher cipher;
    private final byte[] key;
    private final Selection selection;
    private final GoRegex pattern;
    private final boolean macOnlyEncrypted;
    private boolean encrypting;
    private String regressionMacHex;
    /** sops 3.13.2's MAC differs only once a decrypted list comment is hashed: a copy of the MAC from there on. */
    private MessageDigest regression;

    /**
     * The walked leaves not yet done, in tree order, with what to do to each: a window of them is
     * encrypted or decrypted and applied while the walk goes on, so that only a window's plaintexts,
     * AADs and results are alive at a time, not the whole tree's (less for the GC to copy).
     */
    private final List<Job> jobs = new ArrayList<>();
    /** Leaves walked and done before the current window (decides, with it, whether the tree is large). */
    private int leavesDone;
    /** The MAC of the current walk, hashed in tree order as windows are applied. */
    private MessageDigest mac;
    /** AAD of the current path; the path's keys; how many of them match a suffix/regex selection. */
    private final List<String> aads = new ArrayList<>();
    private final List<Boolean> keyMatches = new ArrayList<>();
    private int matchingKeys;
    /** The current leaf's place (keys and list indices) and document, for the unauthenticated values' paths. */
    private final List<Object> path = new ArrayList<>();
    private int document;
    private final List<UnauthenticatedValue> unauthenticated = new ArrayList<>();


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

    /** The values of the last decryption that the MAC does not authenticate with their key, in tree order. */
    public List<UnauthenticatedValue> unauthenticated() {
        return List.copyOf(unauthenticated);
    }

    /**
     * The MAC of the last decryption computed as sops 3.13.2 does it, hashing decrypted list comments
     * too (upstream #2243): only to accept files that release wrote.
     */
    public String regressionMac() {
        return regressionMacHex;
    }

    // ---- pass 1: the walk -------------------------------------------------------------------------

    private String walk(List<Branch> documents, boolean encrypt) {
        this.encrypting = encrypt;
        jobs.clear();
        leavesDone = 0;
        aads.clear();
        keyMatches.clear();
        matchingKeys = 0;
        path.clear();
        unauthenticated.clear();
        mac = sha512();
        if (macOnlyEncrypted) {
            mac.update(MAC_ONLY_ENCRYPTED_INIT);
        }
        regression = null;
        List<List<String>> comments = new ArrayList<>();
        for (document = 0; document < documents.size(); document++) {
            walkBranch(documents.get(document), comments);
        }
        flush();
        MessageDigest done = mac;
        mac = null;
        String macHex = HexFormat.of().withUpperCase().formatHex(done.digest());
        regressionMacHex = regression == null ? macHex : HexFormat.of().withUpperCase().formatHex(regression.digest());
        regression = null;
        return macHex;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void walkBranch(Branch branch, List<List<String>> comments) {
        List<String> level = new ArrayList<>();
        comments.add(level);
        List<Branch.Item> items = branch.items();
        for (int i = 0; i < items.size(); i++) {
            Branch.Item item = items.get(i);
            if (item.key() instanceof Comment c) {
                level.add(c.text());
                leaf(c, comments, true, items, i, Job.MAP_COMMENT);
                continue;
            }
            push((String) item.key());
            walkValue(item.value(), comments, items, i, Job.MAP_VALUE);
            pop();
            level.clear();
        }
        comments.remove(comments.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private void walkValue(Object value, List<List<String>> comments, List<?> container, int index, int slot) {
        if (value instanceof Branch b) {
            walkBranch(b, comments);
        } else if (value instanceof List<?> list) {
            walkList((List<Object>) list, comments);
        } else if (value != null) {
            leaf(value, comments, false, container, index, slot);
        } else if (!encrypting) {
            unauthenticated.add(new UnauthenticatedValue(document, TreePath.of(path), true, false));
        }
    }

    private void walkList(List<Object> list, List<List<String>> comments) {
        List<String> level = new ArrayList<>();
        comments.add(level);
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            // On decryption an encrypted list comment is an ordinary string until decrypted, as in sops.
            if (element instanceof Comment c) {
                level.add(c.text());
                leaf(c, comments, true, list, i, Job.LIST_COMMENT);
            } else {
                path.add(i);
                walkValue(element, comments, list, i, Job.LIST_ELEMENT);
                path.remove(path.size() - 1);
                level.clear();
            }
        }
        comments.remove(comments.size() - 1);
    }

    private void push(String key) {
        String parent = aads.isEmpty() ? "" : aads.get(aads.size() - 1);
        aads.add(parent + key + ":");
        path.add(key);
        boolean matches = switch (selection.kind()) {
            case UNENCRYPTED_SUFFIX, ENCRYPTED_SUFFIX -> key.endsWith(selection.value());
            case UNENCRYPTED_REGEX, ENCRYPTED_REGEX -> pattern.find(key);
            default -> false;
        };
        keyMatches.add(matches);
        if (matches) {
            matchingKeys++;
        }
    }

    private void pop() {
        aads.remove(aads.size() - 1);
        path.remove(path.size() - 1);
        if (keyMatches.remove(keyMatches.size() - 1)) {
            matchingKeys--;
        }
    }

    private String aad() {
        return aads.isEmpty() ? ":" : aads.get(aads.size() - 1);
    }

    private void leaf(Object value, List<List<String>> comments, boolean isComment, List<?> container, int index,
                      int slot) {
        if (jobs.size() >= WINDOW) {
            flush();
        }
        Job job = new Job(container, index, slot, value);
        jobs.add(job);
        if (!shouldEncrypt(comments, isComment)) {
            job.op = !isComment && !macOnlyEncrypted ? Job.HASH_ONLY : Job.KEEP;
            if (!encrypting && !isComment) {
                unauthenticated.add(new UnauthenticatedValue(document, TreePath.of(path), "".equals(value),
                        !macOnlyEncrypted && !"".equals(value)));
            }
            return;
        }
        job.aad = aad();
        if (encrypting) {
            job.op = Job.ENCRYPT;
            try {
                // in this order, as sops' walk: the value's bytes (hashed first), then its type
                job.plaintext = GoValues.toBytes(value);
                job.type = ValueCipher.typeOf(value);
            } catch (RuntimeException e) {
                job.error = e;
            }
            return;
        }
        if (isComment) {
            // a plaintext comment from an old file is kept as is, as sops does
            job.op = EncryptedValue.looksEncrypted(((Comment) value).text()) ? Job.DECRYPT_COMMENT : Job.KEEP;
        } else if (value instanceof String s) {
            job.op = s.isEmpty() ? Job.DECRYPT_EMPTY : Job.DECRYPT;
            if (s.isEmpty()) {
                unauthenticated.add(new UnauthenticatedValue(document, TreePath.of(path), true, false));
            }
        } else {
            job.error = new SopsException(ExitCodes.ERROR_DECRYPTING_TREE,
                    "Expected encrypted value as string, but got " + GoTypes.of(value) + " at '" + ErrorText.escape(job.aad) + "'");
        }
    }

    private boolean shouldEncrypt(List<List<String>> comments, boolean isComment) {
        switch (selection.kind()) {
            case UNENCRYPTED_SUFFIX:
            case UNENCRYPTED_REGEX:
                return matchingKeys == 0;
            case ENCRYPTED_SUFFIX:
            case ENCRYPTED_REGEX:
                return matchingKeys > 0;
            case UNENCRYPTED_COMMENT_REGEX:
                return !anyComment(comments, isComment, false);
            case ENCRYPTED_COMMENT_REGEX:
                return anyComment(comments, isComment, true);
            default:
                return true;
        }
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
                if (pattern.find(level.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Encrypts or decrypts the walked window and applies it in tree order. Applying replaces
     * values at places the walk has passed (a set at an index, never an insertion), so the walk
     * goes on over the same lists unaffected.
     */
    private void flush() {
        if (jobs.isEmpty()) {
            return;
        }
        runCrypto(jobs);
        apply(jobs, mac);
        leavesDone += jobs.size();
        jobs.clear();
    }

    // ---- pass 2: AES-GCM, per value ------------------------------------------------------------------

    private void runCrypto(List<Job> window) {
        List<Job> work = new ArrayList<>();
        boolean stashed = cipher.hasStash();
        for (Job job : window) {
            if (job.error != null) {
                continue;
            }
            if (job.op == Job.ENCRYPT) {
                if (ValueCipher.isUnencryptedEmpty(job.input, job.plaintext)) {
                    job.result = "";
                    continue;
                }
                // the stash is read here, on this thread only
                job.iv = stashed ? cipher.stashedIv(job.aad, job.type, job.plaintext) : null;
                work.add(job);
            } else if (job.op == Job.DECRYPT || job.op == Job.DECRYPT_COMMENT) {
                work.add(job);
            }
        }
        int chunks = (work.size() + CHUNK - 1) / CHUNK;
        if (leavesDone + jobs.size() < parallelThreshold || work.size() <= CHUNK || Runtime.getRuntime().availableProcessors() < 2) {
            runChunk(work, 0, work.size());
        } else {
            IntStream.range(0, chunks).parallel()
                    .forEach(c -> runChunk(work, c * CHUNK, Math.min(work.size(), (c + 1) * CHUNK)));
        }
    }

    /** Encrypts or decrypts work[from, to) with Cipher instances of its own. */
    private void runChunk(List<Job> work, int from, int to) {
        ValueCipher.Gcm gcm = new ValueCipher.Gcm(key);
        try {
            byte[] ivs = null;
            int fresh = 0;
            for (int i = from; i < to; i++) {
                Job job = work.get(i);
                try {
                    if (job.op == Job.ENCRYPT) {
                        if (job.iv == null) {
                            if (ivs == null) {
                                ivs = ValueCipher.newIvs(to - i);
                            }
                            job.iv = java.util.Arrays.copyOfRange(ivs, fresh * ValueCipher.IV_SIZE,
                                    (fresh + 1) * ValueCipher.IV_SIZE);
                            fresh++;
                        }
                        job.result = gcm.encrypt(job.plaintext, job.iv, job.aad, job.type);
                    } else if (job.op == Job.DECRYPT_COMMENT) {
                        try {
                            job.decrypted = gcm.decrypt(((Comment) job.input).text(), job.aad);
                        } catch (SopsException e) {
                            job.decrypted = null; // kept as it is
                        }
                    } else {
                        job.decrypted = gcm.decrypt((String) job.input, job.aad);
                    }
                } catch (SopsException e) {
                    job.error = e;
                }
            }
        } finally {
            gcm.forget();
        }
    }

    // ---- pass 3: results in tree order ---------------------------------------------------------------

    private void apply(List<Job> window, MessageDigest mac) {
        for (Job job : window) {
            if (job.error != null) {
                throw job.error;
            }
            switch (job.op) {
                case Job.KEEP -> {
                }
                case Job.HASH_ONLY -> {
                    byte[] b = GoValues.toBytes(job.input);
                    mac.update(b);
                    if (regression != null) {
                        regression.update(b);
                    }
                }
                case Job.ENCRYPT -> {
                    String enc = (String) job.result;
                    if (job.input instanceof Comment original) {
                        if (selection.kind() == Selection.Kind.UNENCRYPTED_COMMENT_REGEX && pattern.find(enc)) {
                            throw new SopsException(ExitCodes.ERROR_ENCRYPTING_TREE,
                                    "Encrypted comment matches UnencryptedCommentRegex!");
                        }
                        // sops 3.13 (#2131) keeps an end-of-line comment's mark: written after its value;
                        // decrypted, a comment has no mark (sops' cipher returns Comment{Value}): own line
                        Comment c = new Comment(enc, original.inline());
                        // an encrypted list comment is written as a plain list element
                        set(job, job.slot == Job.LIST_COMMENT && !enc.equals(original.text()) ? enc : c);
                    } else {
                        mac.update(job.plaintext); // (no 3.13.2 copy: only a decryption makes one)
                        set(job, enc);
                    }
                }
                case Job.DECRYPT_EMPTY -> {
                    // "" decrypts to "", which hashes nothing
                }
                case Job.DECRYPT_COMMENT -> {
                    ValueCipher.Decrypted d = job.decrypted;
                    if (d != null) {
                        cipher.stash(job.aad, d.type, d.macBytes, d.iv);
                        if (d.value instanceof Comment pc) {
                            set(job, pc);
                        }
                    }
                }
                case Job.DECRYPT -> {
                    ValueCipher.Decrypted d = job.decrypted;
                    cipher.stash(job.aad, d.type, d.macBytes, d.iv);
                    if (!(d.value instanceof Comment)) {
                        mac.update(d.macBytes);
                        if (regression != null) {
                            regression.update(d.macBytes);
                        }
                    } else {
                        if (regression == null) {
                            regression = clone(mac);
                        }
                        regression.update(d.macBytes);
                    }
                    set(job, d.value);
                }
                default -> throw new IllegalStateException("job " + job.op);
            }
        }
    }

    private static MessageDigest clone(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Job job, Object result) {
        if (result == job.input) {
            return;
        }
        switch (job.slot) {
            case Job.MAP_VALUE -> {
                List<Branch.Item> items = (List<Branch.Item>) job.container;
                items.set(job.index, items.get(job.index).withValue(result));
            }
            case Job.MAP_COMMENT -> ((List<Branch.Item>) job.container).set(job.index, new Branch.Item(result, null));
            default -> ((List<Object>) job.container).set(job.index, result);
        }
    }

    /** One leaf: where it is, what to do, and the result. */
    private static final class Job {
        static final int MAP_VALUE = 0;
        static final int MAP_COMMENT = 1;
        static final int LIST_ELEMENT = 2;
        static final int LIST_COMMENT = 3;

        static final int KEEP = 0;
        static final int HASH_ONLY = 1;
        static final int ENCRYPT = 2;
        static final int DECRYPT = 3;
        static final int DECRYPT_COMMENT = 4;
        static final int DECRYPT_EMPTY = 5;

        final List<?> container;
        final int index;
        final int slot;
        final Object input;
        int op;
        String aad;
        String type;
        byte[] plaintext;
        byte[] iv;
        Object result;
        ValueCipher.Decrypted decrypted;
        RuntimeException error;

        Job(List<?> container, int index, int slot, Object input) {
            this.container = container;
            this.index = index;
            this.slot = slot;
            this.input = input;
        }
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
