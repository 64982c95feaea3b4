package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.Sops;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.dotenv.DotenvStore;
import dev.secrets.sops.stores.yaml.YamlStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code encrypt SERVICE} and {@code edit} killed with SIGKILL at random points (no shutdown hook, no
 * finally): the encrypted file is always the old one or the new one and opens with the key, the
 * plaintext is never lost, whatever is left is owner-only, and a rerun finishes and sweeps what the
 * dead run left. Kill points are drawn from a seed printed on stderr; rerun one with
 * {@code -Dcrash.seed=N}. Each test stops drawing new kills after {@link #BUDGET_NANOS}.
 */
class CrashSafetyTest {
    static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    /** Per test: no new kill round starts after this (each round is bounded too). */
    static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Values per file: enough that encrypting and verifying takes a visible moment. */
    static final int KEYS = 300;
    static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- encrypt SERVICE

    @Test
    void killedEncryptServiceLeavesOldOrNewAndNeverLosesThePlaintext() throws Exception {
        Random random = seeded("encrypt");
        TestRepo repo = new TestRepo(tmp.resolve("repo"));
        repo.write("caddy/docker-compose.yml", "services:\n  caddy:\n    image: x\n    env_file: .env\n");
        Path dir = repo.root.resolve("caddy");
        Path env = dir.resolve(".env");
        Path enc = dir.resolve(".env.enc");
        Store store = new DotenvStore();

        // calibration: an encrypt run that is not killed, timed
        Files.writeString(env, dotenv(0));
        long t0 = System.nanoTime();
        Cli.Result first = repo.cli().run("encrypt", "caddy");
        long fullNanos = System.nanoTime() - t0;
        assertEquals(0, first.exit(), first.toString());
        assertEquals(dotenv(0), open(enc, store));
        assertFalse(Files.exists(env));
        log("encrypt: an unkilled run takes %d ms", fullNanos / 1_000_000);

        long start = System.nanoTime();
        Map<String, Integer> landed = new LinkedHashMap<>();
        int round = 0;
        int interrupted = 0;
        while (round < 24 && (round < 6 || System.nanoTime() - start < BUDGET_NANOS)) {
            round++;
            boolean fresh = round % 4 == 0; // first encryption: no .env.enc yet
            if (fresh) {
                Files.delete(enc);
            }
            String oldPlain = fresh ? null : open(enc, store);
            assertTrue(fresh || dotenv(round - 1).equals(oldPlain), "round " + round + " starts from the last one");
            Files.writeString(env, dotenv(round));

            int mode = round % 3;
            Process p = start(repo.cli().builder("encrypt", "caddy"), round);
            String how;
            if (mode == 0) {
                long delay = (long) (random.nextDouble() * fullNanos * 1.1);
                how = "after " + delay / 1_000_000 + " ms";
                p.waitFor(delay, TimeUnit.NANOSECONDS);
            } else if (mode == 1) {
                long extra = random.nextInt(4);
                how = "on the temp file +" + extra + " ms";
                waitFor(p, () -> !tempFiles(dir).isEmpty());
                Thread.sleep(extra);
            } else {
                long extra = random.nextInt(15);
                how = "on the rename +" + extra + " ms";
                String before = fresh ? "" : Files.readString(enc);
                waitFor(p, () -> changed(enc, before));
                Thread.sleep(extra);
            }
            boolean alive = kill(p);
            interrupted += alive ? 1 : 0;

            // the encrypted file: the old one, or the new one, never anything else
            String now = Files.exists(enc) ? open(enc, store) : null;
            boolean isNew = dotenv(round).equals(now);
            boolean isOld = fresh ? !Files.exists(enc) : oldPlain.equals(now);
            assertTrue(isNew ^ isOld, "round " + round + " (" + how + "): .env.enc is neither the old nor the new file"
                    + " (seed " + SEED + ")");
            // the plaintext goes only once the new file is on disk, and is never touched before
            if (Files.exists(env)) {
                assertEquals(dotenv(round), Files.readString(env), "round " + round + ": .env was altered");
            } else {
                assertTrue(isNew, "round " + round + " (" + how + "): .env removed but .env.enc is not the new file");
            }
            List<Path> temps = tempFiles(dir);
            for (Path t : temps) {
                // a temp of .env.enc holds ciphertext only: it is 0600 until it is given the final
                // file's mode just before the rename, so a kill in between leaves it 0644
                assertFalse(Files.readString(t).contains("-value-"), t + " holds plaintext");
            }
            assertEquals(List.of(), others(dir, temps), "round " + round + ": unexpected files");
            String state = !Files.exists(env) ? "done" : isNew ? "written, .env not yet removed" : "not yet written";
            state += temps.isEmpty() ? "" : ", temp file left";
            landed.merge(state, 1, Integer::sum);
            log("encrypt round %d: killed %s (%s): %s", round, how, alive ? "running" : "had exited", state);

            // a rerun finishes the job and sweeps the dead run's temp file
            if (Files.exists(env)) {
                Cli.Result rerun = repo.cli().run("encrypt", "caddy");
                assertEquals(0, rerun.exit(), "round " + round + " rerun: " + rerun);
                assertFalse(Files.exists(env));
                assertEquals(dotenv(round), open(enc, store));
                assertEquals(List.of(), tempFiles(dir), "round " + round + ": the rerun left the dead run's temp file");
            }
        }
        log("encrypt: %d rounds, %d killed while running, in %d s: %s", round, interrupted,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), landed);
        assertTrue(interrupted >= round / 2, "most kills should land while the run is going: " + landed);
    }

    // ---------------------------------------------------------------- deploy

    /**
     * deploy killed before or while compose runs: .env.enc is never touched; the .env it wrote stays
     * (0600, the decrypted file) because no clean-up runs, and the next deploy refuses it until
     * --force, which deploys and removes it. A temp file of a kill mid-write is swept by that run.
     */
    @Test
    void killedDeployLeavesAnOwnerOnlyEnvThatForceClearsAndNeverTouchesTheEncryptedFile() throws Exception {
        Random random = seeded("deploy");
        TestRepo repo = new TestRepo(tmp.resolve("repo"));
        repo.write("caddy/docker-compose.yml", "services:\n  caddy:\n    image: x\n    env_file: .env\n");
        Path dir = repo.root.resolve("caddy");
        Path env = dir.resolve(".env");
        Path enc = dir.resolve(".env.enc");
        Files.write(enc, encrypt(dotenv(7), new DotenvStore()));
        byte[] encBytes = Files.readAllBytes(enc);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path started = tmp.resolve("compose-started");
        Files.writeString(bin.resolve("docker"), "#!/bin/sh\n: > \"" + started + "\"\nsleep 1\n");
        Files.setPosixFilePermissions(bin.resolve("docker"), PosixFilePermissions.fromString("rwx------"));
        Cli cli = repo.cli().env("PATH", bin + ":" + System.getenv("PATH"));

        for (int round = 1; round <= 4; round++) {
            Files.deleteIfExists(started);
            Process p = start(cli.builder("deploy", "caddy"), 100 + round);
            String how;
            if (round % 2 == 1) {
                long delay = 300 + random.nextInt(1200);
                how = "after " + delay + " ms";
                p.waitFor(delay, TimeUnit.MILLISECONDS);
            } else {
                long delay = random.nextInt(800);
                how = delay + " ms into compose";
                waitFor(p, () -> Files.exists(started));
                Thread.sleep(delay);
            }
            boolean alive = kill(p);
            Thread.sleep(1200); // the orphaned stand-in finishes its sleep
            assertTrue(java.util.Arrays.equals(encBytes, Files.readAllBytes(enc)), "deploy touched .env.enc");
            List<Path> temps = tempFiles(dir);
            temps.forEach(CrashSafetyTest::assertOwnerOnly);
            boolean left = Files.exists(env);
            if (left) {
                assertEquals("rw-------", PosixModes.of(env));
                assertEquals(dotenv(7), Files.readString(env));
            }
            log("deploy round %d: killed %s (%s): %s%s", round, how, alive ? "running" : "had exited",
                    left ? ".env left (0600)" : "no .env", temps.isEmpty() ? "" : ", temp file left");
            if (left) {
                Cli.Result refused = cli.run("deploy", "caddy");
                assertTrue(refused.exit() != 0, "deploy over a leftover .env: " + refused);
                assertEquals(dotenv(7), Files.readString(env));
            }
            Cli.Result rerun = cli.run("deploy", "--force", "caddy");
            assertEquals(0, rerun.exit(), "round " + round + " rerun: " + rerun);
            assertFalse(Files.exists(env));
            assertEquals(List.of(), tempFiles(dir), "the rerun swept the dead run's temp file");
        }
    }

    // ---------------------------------------------------------------- exec-file

    /**
     * exec-file killed while its command runs: the plaintext stays in its private folder (0700, the
     * file 0600) since no clean-up runs, and the next exec-file removes that folder.
     */
    @Test
    void killedExecFileLeavesAPrivateFolderThatTheNextRunSweeps() throws Exception {
        TestRepo repo = new TestRepo(tmp.resolve("repo"));
        Path enc = repo.root.resolve("app.env");
        Files.write(enc, encrypt(dotenv(3), new DotenvStore()));
        Path where = tmp.resolve("exec-path");
        Process p = start(repo.cli().builder("exec-file", "app.env", "--", "sh", "-c",
                "echo {} > " + where + "; sleep 2"), 200);
        waitFor(p, () -> changed(where, ""));
        Thread.sleep(100);
        assertTrue(kill(p), "exec-file ended before the kill");
        Thread.sleep(2200); // the orphaned command finishes its sleep
        Path file = Path.of(Files.readString(where).strip());
        Path dir = file.getParent();
        assertTrue(dir.getFileName().toString().startsWith("secrets-exec-") && dir.getFileName().toString()
                .contains("-" + p.pid() + "-"), dir.toString());
        assertEquals("rwx------", PosixModes.of(dir));
        assertEquals("rw-------", PosixModes.of(file));
        assertEquals(dotenv(3), Files.readString(file), "what a SIGKILL leaves: the plaintext, owner-only");
        log("exec-file: killed while its command ran: %s (%s) with %s (%s) left", dir, PosixModes.of(dir),
                file.getFileName(), PosixModes.of(file));

        Cli.Result next = repo.cli().run("exec-file", "app.env", "--", "true");
        assertEquals(0, next.exit(), next.toString());
        assertFalse(Files.exists(dir), "the next exec-file did not sweep " + dir);
    }

    // ---------------------------------------------------------------- edit

    @Test
    void killedEditOfAServiceLeavesOldOrNewAndNoReadablePlaintext() throws Exception {
        TestRepo repo = new TestRepo(tmp.resolve("repo"));
        repo.write("caddy/docker-compose.yml", "services:\n  caddy:\n    image: x\n    env_file: .env\n");
        editKills(repo, "caddy", repo.root.resolve("caddy/.env.enc"), new DotenvStore(), CrashSafetyTest::dotenv, "edit-service");
    }

    @Test
    void killedEditOfAYamlFileLeavesOldOrNewAndNoReadablePlaintext() throws Exception {
        TestRepo repo = new TestRepo(tmp.resolve("repo"));
        editKills(repo, "app.yaml", repo.root.resolve("app.yaml"), new YamlStore(), CrashSafetyTest::yaml, "edit-file");
    }

    interface Plaintext {
        String of(int round);
    }

    private void editKills(TestRepo repo, String target, Path enc, Store store, Plaintext plain, String label)
            throws Exception {
        Random random = seeded(label);
        Path marks = Files.createDirectories(tmp.resolve("marks"));
        Path editor = tmp.resolve("editor.sh");
        // records where the plaintext is and its own pid, waits, then changes every value of round FROM to TO
        Files.writeString(editor, String.join("\n",
                "#!/bin/sh",
                "echo $$ > \"$MARK.pid\"",
                "printf '%s\\n' \"$1\" > \"$MARK.path\"",
                "sleep \"$EDIT_SLEEP\"",
                "sed -i \"s/=r$FROM-value/=r$TO-value/; s/: r$FROM-value/: r$TO-value/\" \"$1\"",
                ": > \"$MARK.saved\"", ""));
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Files.write(enc, encrypt(plain.of(0), store));
        assertEquals(plain.of(0), open(enc, store), "the plaintext round-trips");

        // calibration: an edit that is not killed, timed by phase
        Path mark0 = marks.resolve("cal");
        long t0 = System.nanoTime();
        Process cal = start(editCli(repo, editor, mark0, 0, 1, "0.2").builder("edit", target), 0);
        waitFor(cal, () -> Files.exists(Path.of(mark0 + ".path")));
        long toEditor = System.nanoTime() - t0;
        waitFor(cal, () -> Files.exists(Path.of(mark0 + ".saved")));
        long saved = System.nanoTime();
        assertTrue(cal.waitFor(60, TimeUnit.SECONDS));
        long reencrypt = System.nanoTime() - saved;
        assertEquals(0, cal.exitValue(), "calibration edit");
        assertEquals(plain.of(1), open(enc, store));
        log("%s: editor starts after %d ms, save to exit %d ms", label, toEditor / 1_000_000, reencrypt / 1_000_000);

        long start = System.nanoTime();
        Map<String, Integer> landed = new LinkedHashMap<>();
        int round = 1;
        int killedRounds = 0;
        int interrupted = 0;
        while (killedRounds < 15 && (killedRounds < 6 || System.nanoTime() - start < BUDGET_NANOS)) {
            killedRounds++;
            int from = round;
            int to = round + 1;
            Path mark = marks.resolve("r" + to);
            String sleep = String.format("%.2f", 0.1 + random.nextDouble() * 0.4);
            int mode = killedRounds % 3;
            Process p = start(editCli(repo, editor, mark, from, to, sleep).builder("edit", target), to);
            String how;
            if (mode == 0) {
                long delay = (long) (random.nextDouble() * toEditor);
                how = "after " + delay / 1_000_000 + " ms, before the editor";
                p.waitFor(delay, TimeUnit.NANOSECONDS);
            } else if (mode == 1) {
                long delay = (long) (random.nextDouble() * Double.parseDouble(sleep) * 1000);
                how = delay + " ms into the editor (which sleeps " + sleep + " s)";
                waitFor(p, () -> Files.exists(Path.of(mark + ".path")));
                Thread.sleep(delay);
            } else {
                long delay = (long) (random.nextDouble() * reencrypt * 1.2);
                how = delay / 1_000_000 + " ms after the save, re-encrypting";
                waitFor(p, () -> Files.exists(Path.of(mark + ".saved")));
                Thread.sleep(delay / 1_000_000);
            }
            boolean alive = kill(p);
            interrupted += alive ? 1 : 0;
            awaitOrphanedEditor(mark);

            String now = open(enc, store);
            boolean isNew = plain.of(to).equals(now);
            assertTrue(isNew || plain.of(from).equals(now), label + " round " + to + " (" + how
                    + "): the encrypted file is neither the old nor the new one (seed " + SEED + ")");
            List<Path> temps = tempFiles(enc.getParent());
            temps.forEach(CrashSafetyTest::assertOwnerOnly);
            // what the dead run left in its private temp folder: owner-only, and swept by the next run
            List<Path> left = privateDirs(p.pid(), mark);
            for (Path d : left) {
                assertEquals("rwx------", PosixModes.of(d), d + " is not private");
                try (Stream<Path> files = Files.walk(d)) {
                    files.filter(f -> !f.equals(d)).forEach(CrashSafetyTest::assertOwnerOnly);
                }
            }
            String state = (isNew ? "new file" : "old file") + (left.isEmpty() ? "" : ", private dir left ("
                    + describe(left) + ")") + (temps.isEmpty() ? "" : ", temp beside the file");
            landed.merge(state.replaceAll(" \\(.*\\)", ""), 1, Integer::sum);
            log("%s round %d: killed %s (%s): %s", label, to, how, alive ? "running" : "had exited", state);

            // a rerun with the same editor finishes the edit (or finds nothing to change) and sweeps
            Path rerunMark = marks.resolve("r" + to + "-rerun");
            Cli.Result rerun = editCli(repo, editor, rerunMark, from, to, "0").run("edit", target);
            assertEquals(isNew ? 200 : 0, rerun.exit(), label + " round " + to + " rerun: " + rerun);
            assertEquals(plain.of(to), open(enc, store));
            for (Path d : left) {
                assertFalse(Files.exists(d), label + " round " + to + ": the rerun did not sweep " + d);
            }
            assertFalse(Files.exists(Path.of(Files.readString(Path.of(rerunMark + ".path")).strip()).getParent()),
                    "the rerun's own temp folder is removed");
            assertEquals(List.of(), tempFiles(enc.getParent()), "the rerun swept the dead run's temp file");
            round = to;
        }
        log("%s: %d rounds, %d killed while running, in %d s: %s", label, killedRounds, interrupted,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), landed);
        assertTrue(interrupted >= killedRounds / 2, "most kills should land while the run is going: " + landed);
    }

    private static Cli editCli(TestRepo repo, Path editor, Path mark, int from, int to, String sleep) {
        return repo.cli().env("EDITOR", editor.toString()).env("MARK", mark.toString())
                .env("FROM", Integer.toString(from)).env("TO", Integer.toString(to)).env("EDIT_SLEEP", sleep);
    }

    /** SIGKILL leaves the editor running (it is not our child any more): wait until it is done. */
    private static void awaitOrphanedEditor(Path mark) throws Exception {
        Thread.sleep(150); // a spawn under way when the JVM died still starts the editor
        Path pidFile = Path.of(mark + ".pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).strip();
        if (text.isEmpty()) {
            Thread.sleep(100);
            text = Files.readString(pidFile).strip();
        }
        ProcessHandle.of(Long.parseLong(text)).ifPresent(h -> {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /**
     * The private temp folders a run left: where its editor was given the file (when it got that far),
     * and any {@code secrets-edit-NS-PID-*} folder of its pid in /dev/shm or the temp folder.
     */
    private static List<Path> privateDirs(long pid, Path mark) throws IOException {
        List<Path> out = new ArrayList<>();
        Path path = Path.of(mark + ".path");
        if (Files.exists(path)) {
            Path dir = Path.of(Files.readString(path).strip()).getParent();
            if (Files.exists(dir)) {
                out.add(dir);
            }
        }
        for (Path base : List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")))) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> s = Files.list(base)) {
                s.filter(d -> d.getFileName().toString().startsWith("secrets-edit-")
                        && d.getFileName().toString().contains("-" + pid + "-"))
                        .filter(d -> !out.contains(d)).forEach(out::add);
            }
        }
        return out;
    }

    private static String describe(List<Path> dirs) throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path d : dirs) {
            try (Stream<Path> files = Files.walk(d)) {
                parts.add(d + " " + PosixModes.of(d) + ": " + files.filter(f -> !f.equals(d))
                        .map(f -> f.getFileName() + " " + PosixModes.of(f)).toList());
            }
        }
        return String.join("; ", parts);
    }

    // ---------------------------------------------------------------- helpers

    static String dotenv(int round) {
        StringBuilder sb = new StringBuilder("# caddy\n");
        for (int i = 0; i < KEYS; i++) {
            sb.append(String.format("K%03d=r%d-value-%03d\n", i, round, i));
        }
        return sb.toString();
    }

    static String yaml(int round) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < KEYS; i++) {
            sb.append(String.format("k%03d: r%d-value-%03d\n", i, round, i));
        }
        return sb.toString();
    }

    private Random seeded(String what) {
        long seed = SEED ^ what.hashCode();
        log("%s: seed %d (rerun with -Dcrash.seed=%d)", what, seed, SEED);
        return new Random(seed);
    }

    private static void log(String format, Object... args) {
        System.err.println("CrashSafetyTest " + String.format(format, args));
    }

    private Process start(ProcessBuilder pb, int round) throws IOException {
        Path out = tmp.resolve("out-" + round + "-" + System.nanoTime());
        return pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** Polls until the condition holds or the process has exited (then it is too late to kill it in time). */
    private static void waitFor(Process p, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** SIGKILL (destroyForcibly on Linux); whether the process was still running. */
    private static boolean kill(Process p) throws InterruptedException {
        boolean alive = p.isAlive();
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process did not die");
        return alive;
    }

    private static boolean changed(Path file, String before) {
        try {
            return Files.exists(file) && !Files.readString(file).equals(before);
        } catch (IOException e) {
            return false;
        }
    }

    /** AtomicFile's temp files beside a file: {@code .NAME.*.tmp}. */
    static List<Path> tempFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().endsWith(".tmp"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> others(Path dir, List<Path> temps) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !temps.contains(p)).map(p -> p.getFileName().toString())
                    .filter(n -> !List.of(".env", ".env.enc", "docker-compose.yml").contains(n)).sorted().toList();
        }
    }

    static void assertOwnerOnly(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission bit : perms) {
                assertFalse(GROUP_OR_OTHER.contains(bit), p + " is " + PosixFilePermissions.toString(perms));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Identity identity() throws IOException {
        return AgeIdentities.of(AgeKeyFile.parse(Files.readString(TestRepo.KEY_FILE)), "test key");
    }

    private static byte[] encrypt(String plain, Store store) {
        return Sops.encrypt(store.loadPlain(plain.getBytes(StandardCharsets.UTF_8)), store,
                EncryptionRule.of(List.of(AgeRecipient.parse(TestRepo.recipient()))));
    }

    /** The file's plaintext, MAC verified; fails the test when it does not open. */
    private static String open(Path file, Store store) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try (DecryptedFile f = Sops.decrypt(bytes, store, List.of(identity()), false)) {
            return new String(f.plaintext(store), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            fail(file + " does not open (" + bytes.length + " bytes, seed " + SEED + "): " + e);
            return null;
        }
    }
}
