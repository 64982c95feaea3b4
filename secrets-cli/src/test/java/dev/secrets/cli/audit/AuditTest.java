package dev.secrets.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.PosixModes;
import dev.secrets.cli.ServiceRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log: one line per access with the right hashes and keys, never a value; the chain; concurrency; failures. */
class AuditTest {
    static final String SENTINEL = "AUDIT-SENTINEL-51f0c2";

    @TempDir
    Path tmp;
    ServiceRepo services;
    Path log;
    Path bin;

    @BeforeEach
    void setUp() throws IOException {
        services = new ServiceRepo(tmp);
        services.service("app", "TOKEN=" + SENTINEL + "\nDOMAIN=example.test\n");
        log = tmp.resolve("state/audit.log");
        bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Cli cli() {
        return services.cli().env("SECRETS_AUDIT", "on").env("SECRETS_AUDIT_LOG", log.toString())
                .env("PATH", bin + ":" + System.getenv("PATH"));
    }

    byte[] enc() throws IOException {
        return Files.readAllBytes(services.repo.root.resolve("app/.env.enc"));
    }

    List<AuditRecord> records() throws IOException {
        List<AuditRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(AuditRecordParser.parse(line.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    void ok(Cli.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void everyVerbAppendsOneLineWithItsKeysAndHashesAndNeverAValue() throws IOException {
        Path editor = tmp.resolve("edit.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/^DOMAIN=.*/DOMAIN=edited.test/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        List<String> verbs = new ArrayList<>();
        List<String> readHashes = new ArrayList<>();
        List<String> writtenHashes = new ArrayList<>();
        String[][] runs = {
            {"decrypt", "app", "--stdout"}, {"deploy", "app"}, {"deploy", "app", "--dry-run"}, {"down", "app"},
            {"exec-env", "app", "--", "true"}, {"exec-file", "app", "--", "true {}"}, {"edit", "app"},
            {"set", "app", "NEW", "--value", "v"}, {"unset", "app", "NEW"}, {"rotate", "app"}, {"updatekeys", "-y", "app"},
        };
        for (String[] args : runs) {
            String before = AuditLog.sha256(enc());
            ok(cli().env("EDITOR", editor.toString()).run(args));
            String after = AuditLog.sha256(enc());
            verbs.add(args[0] + (args.length > 2 && args[2].equals("--dry-run") ? " --dry-run" : ""));
            readHashes.add(before);
            writtenHashes.add(before.equals(after) ? null : after);
        }
        // a failed access is logged too: no key
        String before = AuditLog.sha256(enc());
        Cli.Result noKey = cli().env("SOPS_AGE_KEY_FILE", tmp.resolve("none.txt").toString()).run("decrypt", "app", "--stdout");
        assertEquals(128, noKey.exit(), noKey.toString());

        List<AuditRecord> recs = records();
        assertEquals(runs.length + 1, recs.size());
        Path file = services.repo.root.resolve("app/.env.enc").toAbsolutePath();
        for (int i = 0; i < runs.length; i++) {
            AuditRecord r = recs.get(i);
            assertEquals(verbs.get(i), r.verb);
            assertEquals(i + 1, r.seq);
            assertEquals(file.toString(), r.file);
            assertEquals("app", r.service);
            assertEquals("ok", r.outcome, r.verb);
            assertEquals(0, r.exit);
            assertEquals(System.getProperty("user.name"), r.user);
            assertFalse(r.host.isEmpty());
            assertTrue(Instant.parse(r.time).isAfter(Instant.now().minusSeconds(600)));
            assertEquals(readHashes.get(i), r.sha256, r.verb + ": hash of the file read");
            assertEquals(writtenHashes.get(i), r.sha256Written, r.verb + ": hash of the file written");
        }
        assertEquals(List.of("TOKEN", "DOMAIN"), recs.get(0).keys);
        assertEquals(List.of("NEW"), recs.get(7).keys, "set names its key");
        assertEquals(List.of("NEW"), recs.get(8).keys, "unset names its key");
        assertEquals(List.of(), recs.get(9).keys, "rotate reads no value out");
        AuditRecord failed = recs.get(runs.length);
        assertEquals("decrypt", failed.verb);
        assertEquals("failed", failed.outcome);
        assertEquals(128, failed.exit);
        assertEquals(before, failed.sha256);
        assertEquals(List.of(), failed.keys);

        String text = Files.readString(log);
        assertFalse(text.contains(SENTINEL) || text.contains("example.test") || text.contains("51f0c2"), text);
        assertEquals("rw-------", PosixModes.of(log));
        assertEquals("rwx------", PosixModes.of(log.getParent()));
        Cli.Result v = cli().run("audit", "--verify");
        ok(v);
        assertTrue(v.stdout().contains((runs.length + 1) + " records, chain intact"), v.stdout());
        Cli.Result shown = cli().run("audit");
        ok(shown);
        assertEquals(runs.length + 1, shown.stdout().lines().count());
        assertTrue(shown.stdout().contains("  set  app (" + file + ")  ok  keys: NEW"), shown.stdout());
        assertTrue(shown.stdout().contains("failed (exit 128)"), shown.stdout());
        assertFalse(shown.stdout().contains(SENTINEL));
    }

    @Test
    void editOfANewFileReadNothingAndWroteIt() throws IOException {
        Path editor = tmp.resolve("fill.sh");
        Files.writeString(editor, "#!/bin/sh\necho 'a: 1' > \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        ok(cli().env("EDITOR", editor.toString()).run("edit", "new.enc.yaml"));
        AuditRecord r = records().get(0);
        assertEquals("edit", r.verb);
        assertEquals(null, r.sha256);
        assertEquals(AuditLog.sha256(Files.readAllBytes(services.repo.root.resolve("new.enc.yaml"))), r.sha256Written);
        assertEquals(null, r.service);
    }

    @Test
    void bulkVerbsLogOneLinePerFile() throws IOException {
        services.service("db", "PASSWORD=" + SENTINEL + "\n");
        ok(cli().run("rotate", "--all"));
        List<AuditRecord> recs = records();
        assertEquals(List.of("app", "db"), recs.stream().map(r -> r.service).sorted().toList());
        for (AuditRecord r : recs) {
            assertEquals("rotate", r.verb);
            assertEquals(AuditLog.sha256(Files.readAllBytes(Path.of(r.file))), r.sha256Written);
            assertTrue(r.sha256 != null && !r.sha256.equals(r.sha256Written));
        }
    }

    @Test
    void verifyNamesTheFirstChangedOrRemovedLine() throws IOException {
        for (int i = 0; i < 5; i++) {
            ok(cli().run("decrypt", "app", "--stdout"));
        }
        ok(cli().run("audit", "--verify"));
        List<String> lines = Files.readAllLines(log);
        Path head = log.resolveSibling("audit.log.head");
        String headText = Files.readString(head);

        // one field of line 3 changed
        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replace("\"outcome\":\"ok\"", "\"outcome\":\"failed\""));
        assertFalse(edited.equals(lines));
        expectBad(edited, headText, "line 3: changed after it was written");
        // line 3 removed
        List<String> removed = new ArrayList<>(lines);
        removed.remove(2);
        expectBad(removed, headText, "line 3: record 3 removed before it");
        // the first line removed
        expectBad(lines.subList(1, 5), headText, "line 1: record 1 removed before it");
        // the last line removed, or changed: the head file says what it was
        expectBad(lines.subList(0, 4), headText, "line 5: record 5 removed from the end");
        List<String> lastEdited = new ArrayList<>(lines);
        lastEdited.set(4, lastEdited.get(4).replace("\"verb\":\"decrypt\"", "\"verb\":\"decrypt \""));
        expectBad(lastEdited, headText, "line 5: changed after it was written");
        // not a record at all
        List<String> garbage = new ArrayList<>(lines);
        garbage.set(1, "{oops");
        expectBad(garbage, headText, "line 2: not an audit record");

        // restored, the log verifies again, and the next append chains on
        Files.write(log, lines);
        Files.writeString(head, headText);
        ok(cli().run("decrypt", "app", "--stdout"));
        Cli.Result v = cli().run("audit", "--verify");
        ok(v);
        assertTrue(v.stdout().contains("6 records, chain intact"), v.stdout());
    }

    @Test
    void aRemovedOrGarbledHeadIsReportedNotTakenForAnIntactLog() throws IOException {
        for (int i = 0; i < 3; i++) {
            ok(cli().run("decrypt", "app", "--stdout"));
        }
        List<String> lines = Files.readAllLines(log);
        Path head = log.resolveSibling("audit.log.head");
        String headText = Files.readString(head);
        // the last line cut and the head removed with it: before, the log looked intact
        Files.write(log, lines.subList(0, 2));
        Files.delete(head);
        Cli.Result r = cli().run("audit", "--verify");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("line 3: audit.log.head is missing"), r.stderr());
        expectBad(lines.subList(0, 2), "", "line 3: audit.log.head is not a head record");
        expectBad(lines.subList(0, 2), "x " + headText, "line 3: audit.log.head is not a head record");
        // the log removed, its head left
        Files.delete(log);
        r = cli().run("audit", "--verify");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("the log is missing"), r.stderr());
        // an untouched log still verifies, and its head is written by rename (no temporary file left)
        Files.write(log, lines);
        Files.writeString(head, headText);
        ok(cli().run("decrypt", "app", "--stdout"));
        ok(cli().run("audit", "--verify"));
        try (var files = Files.list(log.getParent())) {
            assertEquals(List.of("audit.log", "audit.log.head"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void verifyDuringAppendsNeverSeesTheHeadAheadOfTheLines() throws Exception {
        AuditLog audit = new AuditLog(log);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Integer> appends = pool.submit(() -> {
            int n = 0;
            for (; n < 400; n++) {
                AuditRecord rec = new AuditRecord();
                rec.time = Instant.now().toString();
                rec.user = "tester";
                rec.host = "localhost";
                rec.file = "app/.env.enc";
                rec.verb = "decrypt";
                rec.outcome = "ok";
                audit.append(List.of(rec));
            }
            done.set(true);
            return n;
        });
        Future<List<String>> verdicts = pool.submit(() -> {
            List<String> bad = new ArrayList<>();
            int checks = 0;
            while (!done.get() || checks == 0) {
                AuditLog.Verdict v = audit.verify();
                checks++;
                if (!v.intact() && bad.size() < 5) {
                    bad.add("line " + v.badLine() + ": " + v.problem());
                }
            }
            return bad;
        });
        assertEquals(400, appends.get());
        assertEquals(List.of(), verdicts.get());
        pool.shutdown();
        assertTrue(audit.verify().intact());
        assertEquals(400, audit.verify().records());
    }

    void expectBad(List<String> lines, String head, String expected) throws IOException {
        Files.write(log, lines);
        Files.writeString(log.resolveSibling("audit.log.head"), head);
        Cli.Result r = cli().run("audit", "--verify");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains(expected), "expected '" + expected + "' in: " + r.stderr());
    }

    @Test
    void concurrentAppendsNeitherInterleaveNorBreakTheChain() throws Exception {
        int threads = 4;
        int each = 10;
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(cli().builder("decrypt", "app", "--stdout").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < threads * each; i++) {
            runs.add(pool.submit(() -> cli().run("decrypt", "app", "--stdout").exit()));
        }
        for (Future<Integer> f : runs) {
            assertEquals(0, f.get());
        }
        pool.shutdown();
        for (Process p : children) {
            assertEquals(0, p.waitFor());
        }
        Cli.Result v = cli().run("audit", "--verify");
        ok(v);
        assertTrue(v.stdout().contains((threads * each + children.size()) + " records, chain intact"), v.stdout());
        assertEquals(threads * each + children.size(), records().size());
    }

    @Test
    void aDeployStoppedBySigtermIsLoggedAsInterrupted() throws Exception {
        Path started = tmp.resolve("started");
        Files.writeString(bin.resolve("docker"), "#!/bin/sh\ntouch '" + started + "'\nexec sleep 30\n");
        Process p = cli().builder("deploy", "app").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(started) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(started), "compose did not start");
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        List<AuditRecord> recs = records();
        assertEquals(1, recs.size());
        assertEquals("deploy", recs.get(0).verb);
        assertEquals("interrupted", recs.get(0).outcome);
        assertEquals(List.of("TOKEN", "DOMAIN"), recs.get(0).keys);
        assertFalse(services.repo.exists("app/.env"));
    }

    @Test
    void aLogThatCannotBeWrittenIsAWarningNotAFailure() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("a-file"), "x");
        Cli.Result r = cli().env("SECRETS_AUDIT_LOG", blocker.resolve("audit.log").toString()).run("decrypt", "app", "--stdout");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("DOMAIN=example.test"), r.stdout());
        assertTrue(r.stderr().contains("warning: the audit log") && r.stderr().contains("the command's result stands"), r.stderr());
    }

    @Test
    void offWritesNothingAndTheDefaultIsUnderXdgStateHome() throws IOException {
        Path state = tmp.resolve("xdg-state");
        Cli base = services.cli().env("XDG_STATE_HOME", state.toString());
        ok(base.env("SECRETS_AUDIT", "off").run("decrypt", "app", "--stdout"));
        assertFalse(Files.exists(state));
        ok(base.env("SECRETS_AUDIT", "on").run("decrypt", "app", "--stdout"));
        Path def = state.resolve("secrets/audit.log");
        assertEquals(1, Files.readAllLines(def).size());
        Path home = tmp.resolve("home");
        ok(services.cli().env("SECRETS_AUDIT", "on").env("HOME", home.toString()).env("XDG_STATE_HOME", "")
                .run("decrypt", "app", "--stdout"));
        assertEquals(1, Files.readAllLines(home.resolve(".local/state/secrets/audit.log")).size());
    }

    @Test
    void sinceFiltersByDateTimeOrDuration() throws IOException {
        ok(cli().run("decrypt", "app", "--stdout"));
        ok(cli().run("set", "app", "K", "--value", "v"));
        assertEquals(2, cli().run("audit", "--since", "1h").stdout().lines().count());
        assertEquals(2, cli().run("audit", "--since", "2000-01-01").stdout().lines().count());
        assertEquals(0, cli().run("audit", "--since", "2999-01-01T00:00:00Z").stdout().lines().count());
        Cli.Result json = cli().run("audit", "--json", "--since", "7d");
        assertEquals(Files.readString(log), json.stdout());
        Cli.Result bad = cli().run("audit", "--since", "yesterday");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.stderr().contains("--since"), bad.stderr());
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        assertEquals(Instant.parse("2026-12-02T08:30:00Z"), AuditCommand.parseSince("90m", now));
        assertEquals(Instant.parse("2026-11-18T10:00:00Z"), AuditCommand.parseSince("2w", now));
    }

    /** renew: one line per holder, naming the renewed key only; no value, old or new. */
    @Test
    void renewWritesALinePerHolder() throws IOException {
        services.service("web", "TOKEN=" + SENTINEL + "-web\n");
        ok(cli().run("renew", "TOKEN", "--type", "hex:16", "-y"));
        List<AuditRecord> renew = new ArrayList<>();
        for (AuditRecord r : records()) {
            if ("renew".equals(r.verb)) {
                renew.add(r);
            }
        }
        assertEquals(2, renew.size(), renew.toString());
        List<String> files = new ArrayList<>();
        for (AuditRecord r : renew) {
            assertEquals(List.of("TOKEN"), r.keys);
            assertEquals(0, r.exit);
            assertNotEquals(r.sha256, r.sha256Written, "the file was read and written");
            files.add(Path.of(r.file).getParent().getFileName().toString());
        }
        files.sort(null);
        assertEquals(List.of("app", "web"), files);
        assertFalse(Files.readString(log).contains(SENTINEL));
    }
}
