package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.Ownership;
import dev.secrets.cli.Scopes;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.FileLock;
import dev.secrets.sops.git.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Replaces several encrypted files as one unit. The new versions are prepared and checked in memory
 * first; then {@code ROOT/.secrets-renew.journal} is written atomically (the commit point: it names
 * each file with the SHA-256 of its old bytes and holds its new encrypted bytes, ciphertext only);
 * then each file is replaced atomically; then the journal is removed.
 *
 * <ul>
 *   <li>Nothing is written before the journal: a failure or a kill up to there leaves every file old.</li>
 *   <li>An error while the files are written puts the written ones back (the old bytes are in memory)
 *       and removes the journal: every file old again.</li>
 *   <li>A kill after the journal leaves it behind; the next {@link #resume} (every {@code renew} starts
 *       with it) writes the files still old, so every file ends new.</li>
 * </ul>
 * The caller holds the journal's lock for the whole run and each file's lock while it prepares and
 * writes, so no other writer's change can fall between the read and the write.
 */
final class RenewJournal {
    static final String FILE_NAME = Scopes.RENEW_JOURNAL;
    private static final String MAGIC = "secrets-renew-journal 1";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY_NAME = Pattern.compile("[^\\p{Cntrl} ]+");

    /** A file's old bytes (as read under its lock) and the new bytes to write. */
    record Change(Path file, byte[] oldBytes, byte[] newBytes) {
    }

    /** Test seam: called before each file is written in the commit phase (an injected I/O error). */
    static volatile Consumer<Path> beforeWrite = p -> { };

    private final Context ctx;
    private final Path root;
    private final Path journal;
    private final int threads;

    RenewJournal(Context ctx, Path root) {
        this.ctx = ctx;
        this.root = root;
        this.journal = root.resolve(FILE_NAME);
        this.threads = Parallel.threads(ctx.env("SECRETS_THREADS"));
    }

    Path path() {
        return journal;
    }

    /** The lock every renew of this repo holds from its first read to its last write. */
    FileLock lock() {
        return FileLock.acquire(journal);
    }

    /**
     * Completes an interrupted renew: each file still holding its old bytes gets its new ones. Returns
     * the renewed key's name, or null when there was nothing to complete. A file that is neither old
     * nor new (changed by someone after the interruption) stops it, naming the file; nothing is undone.
     * The journal is checked whole before anything is written ({@link #entries}): it could come from a
     * commit or another user rather than from our own interrupted renew.
     */
    String resume() {
        if (!Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        trusted();
        String text = new String(AtomicFile.read(journal), StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[1].startsWith("key ")) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, journal + ": not a renew journal; move it away to go on");
        }
        String key = lines[1].substring(4);
        if (!KEY_NAME.matcher(key).matches()) {
            throw refused("line 2: not a key name");
        }
        List<Entry> entries = entries(lines);
        int completed = 0;
        for (Entry e : entries) {
            try (FileLock lock = FileLock.acquire(e.file())) {
                if (!Files.isRegularFile(e.file(), LinkOption.NOFOLLOW_LINKS)) { // replaced since the check
                    throw new SopsException(ExitCodes.ERROR_GENERIC, e.file() + " is no longer a regular file; the interrupted renew of "
                            + key + " (" + journal + ") was not completed");
                }
                String now = sha256(AtomicFile.read(e.file()));
                if (now.equals(e.newHash())) {
                    continue;
                }
                if (!now.equals(e.oldHash())) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, e.file() + " changed since the interrupted renew of " + key
                            + " (" + journal + "); check it, then remove the journal");
                }
                write(e.file(), e.next());
                completed++;
            }
        }
        remove();
        ctx.err().println("completed the interrupted renew of " + key + " (" + completed + " files written)");
        return key;
    }

    /** One file of a journal: where, the SHA-256 of its old and new bytes, and the new bytes. */
    private record Entry(Path file, String oldHash, String newHash, byte[] next) {
    }

    /**
     * The journal as {@link #commit} writes it: ours (this user's, mode 0600, not a link), not a file
     * tracked by git (a journal from a commit is someone else's), and each line naming an encrypted
     * scope file under the root (not through a link, no way out with {@code ..}) whose new bytes
     * match the SHA-256 beside them. Anything else is refused before a byte is written.
     */
    private void trusted() {
        if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
            throw refused("not a regular file (a symbolic link?)");
        }
        try {
            String notOurs = Ownership.notOurs(journal);
            if (notOurs != null) {
                throw refused(notOurs);
            }
            int mode = Ownership.mode(journal);
            if ((mode & 077) != 0) {
                throw refused("mode " + Ownership.describe(mode) + ", not rw------- as renew writes it");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw refused("its owner and mode cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        // exit 0 only inside a git work tree that tracks it (1: untracked, 128: no repo, 127: no git)
        if (new Git(root, ctx.env()).run("ls-files", "--error-unmatch", "--", FILE_NAME).ok()) {
            throw refused("tracked by git, so it came from a commit, not from an interrupted renew here");
        }
    }

    private List<Entry> entries(String[] lines) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw refused("the repo root cannot be resolved (" + e.getClass().getSimpleName() + ")");
        }
        List<Entry> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (int i = 2; i < lines.length; i++) {
            String at = "line " + (i + 1) + ": ";
            String[] f = lines[i].split(" ");
            if (f.length != 5 || !f[0].equals("file")) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, journal + " line " + (i + 1) + ": malformed");
            }
            Path file = scopeFile(f[1], realRoot, at);
            if (!seen.add(file)) {
                throw refused(at + f[1] + " is named twice");
            }
            if (!SHA256_HEX.matcher(f[2]).matches() || !SHA256_HEX.matcher(f[3]).matches()) {
                throw refused(at + "a hash is not 64 hex digits");
            }
            byte[] next;
            try {
                next = Base64.getDecoder().decode(f[4]);
            } catch (IllegalArgumentException e) {
                throw refused(at + "the new content is not base64");
            }
            if (!sha256(next).equals(f[3])) {
                throw refused(at + "the new content of " + f[1] + " does not match its SHA-256");
            }
            out.add(new Entry(file, f[2], f[3], next));
        }
        return out;
    }

    /** A journal's path: relative, plain names, an encrypted scope file, under the root also after links. */
    private Path scopeFile(String name, Path realRoot, String at) {
        Path rel;
        try {
            rel = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw refused(at + "not a path");
        }
        if (name.isEmpty() || rel.isAbsolute()) {
            throw refused(at + name + " is not a path inside the repo");
        }
        for (Path part : rel) {
            if (part.toString().equals("..") || part.toString().equals(".")) {
                throw refused(at + name + " leaves the repo root (..)");
            }
        }
        Path file = root.resolve(rel).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw refused(at + name + " leaves the repo root");
        }
        if (!Scopes.isScopeFile(root, file)) {
            throw refused(at + name + " is not an encrypted scope file (.env.enc, ENV.env.enc, "
                    + Scopes.SHARED_DIR + "/.env.enc)");
        }
        Path realParent;
        try {
            realParent = file.getParent().toRealPath();
        } catch (IOException e) {
            throw refused(at + "the folder of " + name + " does not exist");
        }
        if (!realParent.startsWith(realRoot)) {
            throw refused(at + name + " leads out of the repo root through a symbolic link");
        }
        if (Files.isSymbolicLink(file)) {
            throw refused(at + name + " is a symbolic link");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(at + name + " does not exist (a renew replaces files that exist)");
        }
        return file;
    }

    private SopsException refused(String problem) {
        return new SopsException(ExitCodes.ERROR_GENERIC, journal + ": refused: " + problem + "; nothing was written "
                + "(if no renew of yours was interrupted here, remove the journal)");
    }

    /** Writes every change as one unit (see the class comment). The caller holds every file's lock. */
    void commit(String key, List<Change> changes) {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n').append("key ").append(key).append('\n');
        for (Change c : changes) {
            sb.append("file ").append(relative(c.file())).append(' ').append(sha256(c.oldBytes())).append(' ')
                    .append(sha256(c.newBytes())).append(' ').append(Base64.getEncoder().encodeToString(c.newBytes()))
                    .append('\n');
        }
        AtomicFile.write(journal, sb.toString().getBytes(StandardCharsets.UTF_8), AtomicFile.OWNER_ONLY);
        ctx.log("journal " + journal + " written: " + changes.size() + " files to replace");
        List<Change> written = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            Parallel.forEach(changes, threads, c -> {
                beforeWrite.accept(c.file());
                write(c.file(), c.newBytes());
                written.add(c);
            });
        } catch (RuntimeException e) {
            rollBack(new ArrayList<>(written)); // every write has ended: forEach waits for all of them
            throw e;
        }
        remove();
    }

    /** Puts the old bytes back; if that fails too, the journal stays so the next run completes forward. */
    private void rollBack(List<Change> written) {
        try {
            Parallel.forEach(written, threads, c -> write(c.file(), c.oldBytes()));
            remove();
            ctx.err().println("secrets: renew undone: the " + written.size() + " files already written were put back");
        } catch (RuntimeException again) {
            ctx.err().println("secrets: could not put every file back; the next `secrets renew` completes the change ("
                    + journal + ")");
        }
    }

    private void write(Path file, byte[] bytes) {
        Writes.atomic(ctx, file, bytes, false);
        if (!Arrays.equals(AtomicFile.read(file), bytes)) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, file + ": reads back different from what was written");
        }
    }

    private void remove() {
        try {
            Files.deleteIfExists(journal);
            AtomicFile.syncDirectory(root);
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not remove " + journal + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, file + " is outside the repo root " + root);
        }
        String rel = root.relativize(abs).toString();
        if (rel.contains(" ") || rel.contains("\n")) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, file + ": renew takes paths without blanks");
        }
        return rel;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
