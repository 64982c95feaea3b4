package dev.secrets.cli.keys;

import dev.secrets.cli.Context;
import dev.secrets.cli.Main;
import dev.secrets.cli.NoKeyDiagnosis;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.NotSopsFile;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.FileLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies one change to many files in one JVM, in parallel. Each file is read, changed in memory,
 * backed up, replaced atomically and read back; a failure is recorded and the others go on. Killed
 * at any point, every file is its old or its new version.
 */
final class BulkRun {
    /** The new content of a file, or null when it is already as it should be. */
    interface Change {
        byte[] apply(Path file, byte[] original);
    }

    enum Status { CHANGED, UNCHANGED, SKIPPED, FAILED }

    record Outcome(Path file, Status status, SopsException error) {
    }

    private final Context ctx;
    private final Backups backups;
    private final PrintStream progress;
    private boolean skipNonSops;

    /** @param backups null with --no-backup */
    BulkRun(Context ctx, Backups backups) {
        this.ctx = ctx;
        this.backups = backups;
        this.progress = ctx.console() != null ? ctx.err() : null;
    }

    /** With --all, files that turn out to hold no sops metadata are skipped, not failed. */
    BulkRun skippingNonSopsFiles(boolean skip) {
        this.skipNonSops = skip;
        return this;
    }

    List<Outcome> run(List<Path> files, Change change) {
        int threads = Math.max(1, Math.min(files.size(), threads(ctx.env("SECRETS_THREADS"))));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "secrets-bulk");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    Outcome o = one(f, change);
                    tick(done.incrementAndGet(), files.size());
                    return o;
                }));
            }
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> fu : futures) {
                out.add(fu.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SopsException(ExitCodes.ERROR_GENERIC, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            if (progress != null && files.size() > 1) {
                progress.print("\r\033[K");
                progress.flush();
            }
        }
    }

    /**
     * Each file waits on two fsyncs (backup, file) and the folder's: more threads than cores keep
     * the cores busy meanwhile. SECRETS_THREADS overrides.
     */
    static int threads(String env) {
        if (env != null && env.matches("[1-9][0-9]{0,2}")) {
            return Integer.parseInt(env);
        }
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /**
     * Reads, changes and replaces one file while holding its lock: a concurrent writer (set, edit's
     * save, another bulk run) waits, and the change is made to the version it finds.
     */
    private Outcome one(Path file, Change change) {
        try (FileLock lock = FileLock.acquire(file)) {
            byte[] original = AtomicFile.read(file);
            ctx.audit().read(file, original);
            ctx.log(file + ": " + original.length + " bytes read");
            byte[] next = change.apply(file, original);
            if (next == null || Arrays.equals(next, original)) {
                ctx.log(file + ": unchanged");
                return new Outcome(file, Status.UNCHANGED, null);
            }
            if (backups != null) {
                backups.save(file, original);
            }
            Writes.atomic(ctx, file, next, false);
            if (!Arrays.equals(Files.readAllBytes(file), next)) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "reads back different from what was written");
            }
            return new Outcome(file, Status.CHANGED, null);
        } catch (NotSopsFile e) {
            return new Outcome(file, skipNonSops ? Status.SKIPPED : Status.FAILED, e.withFile(file));
        } catch (SopsException e) {
            return new Outcome(file, Status.FAILED, NoKeyDiagnosis.attach(ctx, e.withFile(file), file));
        } catch (IOException e) {
            return new Outcome(file, Status.FAILED, new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE,
                    file + ": " + e.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            // one broken file must not stop the rest; the type is enough, messages could quote content
            return new Outcome(file, Status.FAILED, new SopsException(ExitCodes.ERROR_GENERIC,
                    file + ": internal error " + e.getClass().getName()));
        }
    }

    private synchronized void tick(int done, int total) {
        if (progress != null && total > 1) {
            progress.print("\r" + done + "/" + total + " files");
            progress.flush();
        }
    }

    /**
     * Prints failures (stderr) and the summary (stdout) and gives the exit code: 0 when nothing
     * failed; one file alone keeps its sops exit code.
     */
    int report(String verb, List<Outcome> outcomes) {
        int changed = 0;
        int unchanged = 0;
        int skipped = 0;
        List<Outcome> failed = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.status() != Status.SKIPPED) { // one line per file: each has its own hash and outcome
                ctx.audit().record(verb, o.file()).exit(o.status() == Status.FAILED ? o.error().exitCode() : 0);
            }
            switch (o.status()) {
                case CHANGED -> changed++;
                case UNCHANGED -> unchanged++;
                case SKIPPED -> skipped++;
                default -> failed.add(o);
            }
        }
        for (Outcome o : failed) {
            ctx.err().println("secrets: " + verb + " failed: " + Main.oneLine(o.error().getMessage()));
            Main.printDiagnosis(ctx.err(), o.error());
        }
        String where = backups == null ? null : backups.describe();
        ctx.out().println(verb + ": " + changed + " changed, " + unchanged + " unchanged, " + failed.size() + " failed"
                + (skipped == 0 ? "" : ", " + skipped + " skipped (no sops metadata)")
                + (where == null ? "" : " (backup: " + where + ")"));
        ctx.out().flush();
        ctx.err().flush();
        if (failed.isEmpty()) {
            return 0;
        }
        return outcomes.size() == 1 ? failed.get(0).error().exitCode() : 1;
    }
}
