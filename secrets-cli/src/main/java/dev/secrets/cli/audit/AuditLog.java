package dev.secrets.cli.audit;

import dev.secrets.cli.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only audit log: one JSON line per access ({@link AuditRecord}), each carrying its
 * sequence number and the SHA-256 of the line before, so an edited or removed line breaks the chain
 * ({@link #verify}). Beside it, {@code LOG.head} holds the last line's number and hash, so removing
 * the last lines shows too. Appends hold an OS lock on the log (other processes) and an in-process
 * lock (one JVM cannot hold two OS locks on a file), so concurrent lines never interleave and every
 * line chains to the one before it. Neither the chain nor the head resists someone who rewrites
 * them all: it shows accidents and naive edits, not a determined owner of the machine.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    /** {@code SECRETS_AUDIT_LOG}, else {@code $XDG_STATE_HOME/secrets/audit.log}, else {@code ~/.local/state/secrets/audit.log}. */
    public static AuditLog of(Context ctx) {
        String own = ctx.env("SECRETS_AUDIT_LOG");
        if (own != null && !own.isEmpty()) {
            return new AuditLog(ctx.path(own).toAbsolutePath().normalize());
        }
        String state = ctx.env("XDG_STATE_HOME");
        if (state == null || !state.startsWith("/")) {
            String home = ctx.env("HOME");
            if (home == null || home.isEmpty()) {
                home = System.getProperty("user.home");
            }
            state = Path.of(home, ".local", "state").toString();
        }
        return new AuditLog(Path.of(state, "secrets", "audit.log"));
    }

    /** {@code SECRETS_AUDIT=off} (or 0, false, no) turns the log off. */
    public static boolean enabled(Context ctx) {
        String v = ctx.env("SECRETS_AUDIT");
        return v == null || !(v.equalsIgnoreCase("off") || v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no"));
    }

    Path head() {
        return file.resolveSibling(file.getFileName() + ".head");
    }

    /** Appends the records, chained to the log's last line, under the log's lock. */
    void append(List<AuditRecord> records) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, p -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
             java.nio.channels.FileLock lock = ch.lock()) {
            if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).equals("rw-------")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            long size = ch.size();
            byte[] last = lastLine(ch, size);
            long seq = last == null ? 0 : seqOf(last);
            String prev = last == null ? GENESIS : sha256(last);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (size > 0 && !endsWithNewline(ch, size)) {
                out.write('\n'); // a line cut short (a crash mid-write) stays a line of its own, and is reported
            }
            for (AuditRecord r : records) {
                r.seq = ++seq;
                r.prev = prev;
                byte[] line = r.toJson();
                prev = sha256(line);
                out.write(line);
                out.write('\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
            long at = size;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            writeHead(seq, prev);
        } finally {
            local.unlock();
        }
    }

    /**
     * Replaces the head by rename, so that a crash leaves the old head or the new one, never an empty
     * file: a head that is missing or unreadable is then a sign of tampering ({@link #verify}).
     * (No fsync: a head that lags the log after a power cut is accepted; one ahead of it is not.)
     */
    private void writeHead(long seq, String hash) throws IOException {
        Path tmp = file.resolveSibling("." + head().getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.write(tmp, (seq + " " + hash + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, head(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The number of the last line: the digits after {@code {"seq":} that every line of ours starts with
     * (read by hand: appending must not load a JSON parser), else the count of lines.
     */
    private long seqOf(byte[] last) throws IOException {
        byte[] prefix = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
        if (last.length > prefix.length && java.util.Arrays.equals(last, 0, prefix.length, prefix, 0, prefix.length)) {
            long n = 0;
            int i = prefix.length;
            while (i < last.length && i < prefix.length + 18 && last[i] >= '0' && last[i] <= '9') {
                n = n * 10 + (last[i++] - '0');
            }
            if (i > prefix.length && i < last.length && last[i] == ',') {
                return n;
            }
        }
        return lines().size();
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, size - 1);
        return b.get(0) == '\n';
    }

    /** The last complete or partial line's bytes (without its newline), or null for an empty log. */
    private static byte[] lastLine(FileChannel ch, long size) throws IOException {
        long end = size;
        if (end > 0 && endsWithNewline(ch, end)) {
            end--;
        }
        if (end <= 0) {
            return null;
        }
        int chunk = 4096;
        long start = end;
        ByteArrayOutputStream found = new ByteArrayOutputStream();
        byte[] tail = new byte[0];
        while (start > 0) {
            long from = Math.max(0, start - chunk);
            ByteBuffer b = ByteBuffer.allocate((int) (start - from));
            while (b.hasRemaining()) {
                if (ch.read(b, from + b.position()) < 0) {
                    break;
                }
            }
            byte[] part = b.array();
            int nl = -1;
            for (int i = part.length - 1; i >= 0; i--) {
                if (part[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            byte[] joined = new byte[part.length - (nl + 1) + tail.length];
            System.arraycopy(part, nl + 1, joined, 0, part.length - (nl + 1));
            System.arraycopy(tail, 0, joined, part.length - (nl + 1), tail.length);
            tail = joined;
            if (nl >= 0) {
                break;
            }
            start = from;
        }
        found.write(tail);
        return found.toByteArray();
    }

    /** Every line (without newlines); an absent log has none. */
    List<byte[]> lines() throws IOException {
        return Files.exists(file) ? split(Files.readAllBytes(file)) : new ArrayList<>();
    }

    private static List<byte[]> split(byte[] all) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            out.add(java.util.Arrays.copyOfRange(all, start, all.length));
        }
        return out;
    }

    /** The outcome of {@link #verify}: the number of good lines, or the first bad one (1-based) and why. */
    record Verdict(int records, int badLine, String problem) {
        boolean intact() {
            return problem == null;
        }
    }

    /**
     * Checks every line against the one before (its seq follows, its prev is that line's hash) and the
     * last one against the head file; names the first line that was changed, removed or is not a record.
     */
    Verdict verify() throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Files.exists(head(), LinkOption.NOFOLLOW_LINKS)
                    ? new Verdict(0, 1, "the log is missing but " + head().getFileName() + " is there (removed?)")
                    : new Verdict(0, 0, null);
        }
        // the log and its head read under the appenders' locks (shared OS lock), so that a verb
        // appending meanwhile cannot make the head look ahead of the lines read
        byte[] all;
        String headText;
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, p -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             java.nio.channels.FileLock lock = ch.lock(0, Long.MAX_VALUE, true)) {
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(ch.size()));
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // read it whole
            }
            all = b.array();
            headText = Files.exists(head(), LinkOption.NOFOLLOW_LINKS)
                    ? Files.readString(head(), StandardCharsets.US_ASCII) : null;
        } finally {
            local.unlock();
        }
        return verify(split(all), headText);
    }

    private Verdict verify(List<byte[]> lines, String headText) {
        String prevHash = GENESIS;
        long prevSeq = 0;
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            AuditRecord r;
            try {
                r = AuditRecordParser.parse(lines.get(i));
            } catch (IOException e) {
                return new Verdict(i, n, "not an audit record (changed, or cut short)");
            }
            if (r.seq != prevSeq + 1) {
                return new Verdict(i, n, r.seq > prevSeq + 1
                        ? "record" + (r.seq - prevSeq > 2 ? "s " + (prevSeq + 1) + "-" + (r.seq - 1) : " " + (prevSeq + 1))
                                + " removed before it (it is record " + r.seq + ")"
                        : "record number " + r.seq + " where " + (prevSeq + 1) + " belongs (changed, or lines reordered)");
            }
            if (!r.prev.equals(prevHash)) {
                return i == 0 ? new Verdict(0, 1, "changed (it does not start the chain)")
                        : new Verdict(i - 1, i, "changed after it was written (line " + n + " holds another hash of it)");
            }
            prevHash = sha256(lines.get(i));
            prevSeq = r.seq;
        }
        if (!lines.isEmpty()) {
            // every append writes the head by rename: without one, or with one that does not parse,
            // lines cut from the end could not be seen, and that is what removing it would hide
            if (headText == null) {
                return new Verdict(lines.size(), lines.size() + 1, head().getFileName() + " is missing (removed? it "
                        + "shows whether records were removed from the end)");
            }
            String[] h = headText.strip().split(" ");
            if (h.length != 2 || !h[0].matches("[0-9]{1,18}") || !h[1].matches("[0-9a-f]{64}")) {
                return new Verdict(lines.size(), lines.size() + 1, head().getFileName() + " is not a head record (changed)");
            }
            long headSeq = Long.parseLong(h[0]);
            if (headSeq > prevSeq) {
                return new Verdict(lines.size(), lines.size() + 1, "record" + (headSeq - prevSeq > 1 ? "s " + (prevSeq + 1) + "-" + headSeq
                        : " " + headSeq) + " removed from the end (" + head().getFileName() + " says " + headSeq + " records)");
            }
            if (headSeq == prevSeq && !h[1].equals(prevHash)) {
                return new Verdict(lines.size() - 1, lines.size(), "changed after it was written (" + head().getFileName()
                        + " holds another hash of it)");
            }
        }
        return new Verdict(lines.size(), 0, null);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
