package dev.secrets.cli.audit;

import dev.secrets.cli.Context;
import dev.secrets.cli.Main;
import dev.secrets.cli.Target;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the CLI did to secrets, written to the {@link AuditLog} when the verb ends. A verb
 * makes one call, {@link #record}, naming itself and the encrypted file once it knows which file it
 * opens; the rest comes by itself: the hash of the bytes {@code SecretFile} read, the keys it found,
 * the hash of the file when the verb ended (when it changed, what the verb wrote), and the exit code
 * ({@code Main}). A run stopped by SIGTERM or Ctrl-C is logged as interrupted by a shutdown hook.
 * Writing the log can fail (a full disk, a read-only home): that is a warning on stderr and the verb's
 * own result stands, since a deploy that already ran cannot be taken back by failing it afterwards.
 */
public final class AuditTrail {
    /** One access: set by the verb, completed at the end. */
    public static final class Entry {
        final String verb;
        final Path file;
        final boolean existed;
        List<String> keys;
        Integer exit;

        Entry(String verb, Path file, List<String> keys) {
            this.verb = verb;
            this.file = file;
            this.keys = keys;
            this.existed = Files.isRegularFile(file); // edit of a new file reads nothing
        }

        /** The outcome of this file alone (bulk verbs: one file failed, the others did not). */
        public Entry exit(int code) {
            this.exit = code;
            return this;
        }
    }

    private final Context ctx;
    private final boolean enabled;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Path, String> readHashes = new HashMap<>();
    private Thread hook;
    private boolean done;

    public AuditTrail(Context ctx) {
        this.ctx = ctx;
        this.enabled = AuditLog.enabled(ctx);
    }

    /**
     * The one call a verb makes: {@code verb} is reading (or changing) {@code encrypted}; {@code keys}
     * names what it touches, or none to take every top-level key of the file as opened.
     */
    public synchronized Entry record(String verb, Path encrypted, String... keys) {
        Entry e = new Entry(verb, norm(encrypted), keys.length == 0 ? null : List.of(keys));
        if (!enabled || done) {
            return e;
        }
        entries.add(e);
        if (hook == null && ctx.inheritsStreams()) { // this process's own run: SIGTERM ends it
            hook = new Thread(() -> finish(null), "secrets-audit");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                hook = null;
            }
        }
        return e;
    }

    /** A verb read these bytes of {@code file}: their hash is the one logged for it. */
    public synchronized void read(Path file, byte[] bytes) {
        if (enabled && !done) { // bulk verbs record their files after reading them
            readHashes.put(norm(file), AuditLog.sha256(bytes));
        }
    }

    /** SecretFile opened {@code file}: its top-level keys are what the recorded verbs touch, unless they named keys. */
    public synchronized void opened(Path file, SopsFile opened) {
        if (entries.isEmpty()) {
            return;
        }
        Path p = norm(file);
        for (Entry e : entries) {
            if (e.keys == null && e.file.equals(p)) {
                List<String> names = new ArrayList<>();
                for (Branch.Item item : opened.documents().get(0)) {
                    if (item.key() instanceof String k) {
                        names.add(k);
                    }
                }
                e.keys = names;
            }
        }
    }

    /** Writes the entries (Main, when the verb ends; null: interrupted). A failure is a warning only. */
    public synchronized void finish(Integer exitCode) {
        if (done) {
            return;
        }
        done = true;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run; done stops it from writing twice
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        AuditLog log = AuditLog.of(ctx);
        try {
            String time = Instant.now().toString();
            String user = System.getProperty("user.name");
            String host = Host.name(ctx);
            List<AuditRecord> records = new ArrayList<>();
            for (Entry e : entries) {
                AuditRecord r = new AuditRecord();
                r.time = time;
                r.user = user;
                r.host = host;
                r.verb = e.verb;
                r.file = e.file.toString();
                r.service = serviceOf(e.file);
                r.keys = e.keys == null ? List.of() : e.keys;
                Integer code = e.exit != null ? e.exit : exitCode;
                r.exit = code;
                r.outcome = code == null ? "interrupted" : code == 0 ? "ok" : "failed";
                String now = Files.isRegularFile(e.file) ? AuditLog.sha256(Files.readAllBytes(e.file)) : null;
                r.sha256 = readHashes.getOrDefault(e.file, e.existed ? now : null);
                r.sha256Written = now != null && !now.equals(r.sha256) ? now : null;
                records.add(r);
            }
            log.append(records);
        } catch (IOException | RuntimeException e) {
            ctx.err().println("secrets: warning: the audit log " + log.file + " was not written ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Main.oneLine(e.getMessage()))
                    + "); the command's result stands");
        }
    }

    /** A service's file is its folder's {@code .env.enc}: the folder's name is the service's. */
    private static String serviceOf(Path file) {
        Path dir = file.getParent();
        return file.getFileName().toString().equals(Target.ENCRYPTED_ENV) && dir != null && dir.getFileName() != null
                ? dir.getFileName().toString() : null;
    }

    private static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
