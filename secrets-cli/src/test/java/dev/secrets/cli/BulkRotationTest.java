package dev.secrets.cli;

import dev.secrets.cli.keys.Backups;
import dev.secrets.sops.files.EncryptedFiles;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.testing.Oracle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate/updatekeys --all over a generated repo of 200 services with three recipients each, run as
 * a user runs them (child JVM): keys really change, values really stay, kills leave whole files,
 * backups restore byte for byte. Keys: 0 is the operator's, 1 and 2 team members, 3 a newcomer.
 */
class BulkRotationTest {
    static final int SERVICES = 200;

    @TempDir
    Path tmp;

    @Test
    void rotateAllGivesNewDataKeysForTheNewRecipientsOnlyAndRestoreUndoesIt() {
        BulkRepo repo = new BulkRepo(tmp, 4).services(SERVICES, 0, 1, 2);
        Map<Path, byte[]> before = repo.snapshot();
        assertEquals(SERVICES, before.size());
        repo.rule(0, 1, 3); // member 2 leaves, 3 joins

        Cli.Result r = repo.cli(0).run("rotate", "--all");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("rotate: 200 changed, 0 unchanged, 0 failed"), r.stdout());
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            Path f = e.getKey();
            byte[] oldKey = keyOf(repo, e.getValue());
            byte[] newKey = repo.dataKey(f, 3);
            assertNotNull(newKey, f + " does not open with the new recipient");
            assertFalse(Arrays.equals(oldKey, newKey), f + " kept its data key");
            assertArrayEquals(newKey, repo.dataKey(f, 0));
            assertNull(repo.dataKey(f, 2), f + " still opens with the removed recipient");
            assertEquals(BulkRepo.plaintext(BulkRepo.serviceIndex(f)), repo.open(f, 3));
        }
        // the independent checker agrees on a sample, and reports the new key
        for (int i : new int[] {0, 99, 199}) {
            Path f = tmp.resolve(BulkRepo.service(i) + "/.env.enc");
            Oracle.Result o = Oracle.run(f, "dotenv", "--age-key-file", repo.keyFiles.get(3).toString());
            assertEquals(0, o.exitCode(), o.stderr());
            assertEquals(hex(repo.dataKey(f, 3)), o.dataKeyHex());
        }
        assertEquals("services:\n  app:\n    image: busybox\n    env_file: .env\n",
                new String(BulkRepo.read(tmp.resolve("svc000/docker-compose.yml"))), "compose files are not touched");

        // the backup holds every original byte for byte; restore puts them back
        List<String> runs = repo.backupRuns();
        assertEquals(1, runs.size(), runs.toString());
        Path run = tmp.resolve(Backups.DIR).resolve(runs.get(0));
        before.forEach((f, bytes) -> assertArrayEquals(bytes, BulkRepo.read(run.resolve(tmp.relativize(f)))));
        Cli.Result listed = repo.cli(0).run("backups");
        assertTrue(listed.stdout().contains(runs.get(0) + "\t200 files"), listed.stdout());

        Cli.Result restored = repo.cli(0).run("restore", runs.get(0));
        assertEquals(0, restored.exit(), restored.toString());
        assertTrue(restored.stdout().contains("restore: 200 changed"), restored.stdout());
        before.forEach((f, bytes) -> assertArrayEquals(bytes, BulkRepo.read(f), f.toString()));
        assertEquals(2, repo.backupRuns().size(), "restore backs up what it replaces");
    }

    @Test
    void updatekeysAllKeepsEveryCiphertextMacAndTime() {
        BulkRepo repo = new BulkRepo(tmp, 4).services(SERVICES, 0, 1, 2);
        Map<Path, byte[]> before = repo.snapshot();
        repo.rule(0, 1, 2, 3);

        Cli.Result r = repo.cli(1).run("updatekeys", "--all", "-y");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("updatekeys: 200 changed, 0 unchanged, 0 failed"), r.stdout());
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            Path f = e.getKey();
            Store.EncryptedDocuments was = BulkRepo.DOTENV.loadEncrypted(e.getValue());
            Store.EncryptedDocuments now = BulkRepo.DOTENV.loadEncrypted(BulkRepo.read(f));
            assertEquals(was.documents(), now.documents(), f + ": a value's ciphertext changed");
            Metadata mdWas = MetadataCodec.fromBranch(was.metadata());
            Metadata mdNow = MetadataCodec.fromBranch(now.metadata());
            assertEquals(mdWas.mac(), mdNow.mac());
            assertEquals(mdWas.lastModified(), mdNow.lastModified());
            assertEquals(4, mdNow.keyGroups().get(0).keys().size());
            assertArrayEquals(keyOf(repo, e.getValue()), repo.dataKey(f, 3), f + ": the newcomer does not get the same data key");
            assertEquals(BulkRepo.plaintext(BulkRepo.serviceIndex(f)), repo.open(f, 3));
            // the value lines themselves are byte-identical
            assertEquals(valueLines(e.getValue()), valueLines(BulkRepo.read(f)));
        }
        Cli.Result again = repo.cli(1).run("updatekeys", "--all", "-y");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.stdout().contains("updatekeys: 0 changed, 200 unchanged, 0 failed"), again.stdout());
    }

    @Test
    void killedRotateLeavesEveryFileWholeAndARerunFinishes() {
        BulkRepo repo = new BulkRepo(tmp, 4).services(SERVICES, 0, 1, 2);
        repo.rule(0, 1, 3);
        assertKilledWhileRunning(killAfterBackups(repo, 60, "rotate", "--all"));
        int rotated = oldOrNew(repo, "");
        assertTrue(rotated > 0 && rotated < SERVICES, "rotated before the kill: " + rotated);
        assertNoLeftoverIsTakenForAFile(repo);

        Cli.Result rerun = repo.cli(0).run("rotate", "--all");
        assertEquals(0, rerun.exit(), rerun.toString());
        assertTrue(rerun.stdout().contains("rotate: 200 changed"), rerun.stdout());
        assertAllOnTheNewKeys(repo);
    }

    /**
     * Every file holds its values and opens with exactly one of the old (member 2) and new (member
     * 3) key sets; returns how many are on the new one.
     */
    private static int oldOrNew(BulkRepo repo, String context) {
        int rotated = 0;
        for (Path f : repo.envFiles()) {
            String expected = BulkRepo.plaintext(BulkRepo.serviceIndex(f));
            boolean old = expected.equals(repo.open(f, 2));
            boolean now = expected.equals(repo.open(f, 3));
            assertTrue(old ^ now, context + f + " is neither the old nor the new version");
            rotated += now ? 1 : 0;
        }
        return rotated;
    }

    private static void assertAllOnTheNewKeys(BulkRepo repo) {
        for (Path f : repo.envFiles()) {
            assertEquals(BulkRepo.plaintext(BulkRepo.serviceIndex(f)), repo.open(f, 3));
            assertNull(repo.open(f, 2), f + " still opens with the removed recipient");
        }
    }

    /**
     * Issue 5's crash test: rotate --all over 300 services, SIGKILLed at several random points (the
     * n-th new backup of that run, drawn from a logged seed; -Dcrash.seed=N replays one). After each
     * kill every file opens with the old or the new key set and holds its values; then a rerun
     * completes and every file has the new keys.
     */
    @Test
    void sigkillAtRandomPointsLeavesEveryFileWholeAndARerunFinishes() throws Exception {
        int services = 300;
        long seed = Long.getLong("crash.seed", new java.util.Random().nextLong());
        java.util.Random random = new java.util.Random(seed);
        BulkRepo repo = new BulkRepo(tmp, 4).services(services, 0, 1, 2);
        repo.rule(0, 1, 3);
        for (int kill = 0; kill < 3; kill++) {
            int after = 1 + random.nextInt(services - 20); // files backed up (so being rotated) in this run
            Killed killed = killAfterBackups(repo, after, "rotate", "--all");
            boolean killedWhileRunning = killed.whileRunning();
            int exit = killed.exit();
            assertKilledWhileRunning(killed);
            int rotated = oldOrNew(repo, "seed " + seed + ", kill " + kill + ": ");
            assertEquals(services, repo.envFiles().size(), "seed " + seed + ": a file went missing or a temp was taken for one");
            System.err.printf("rotate --all SIGKILL (seed %d) kill %d after %d backups: %s, exit %d; %d of %d files on the new keys%n",
                    seed, kill, after, killedWhileRunning ? "killed while running" : "had finished", exit, rotated, services);
        }
        Cli.Result rerun = repo.cli(0).run("rotate", "--all");
        assertEquals(0, rerun.exit(), "seed " + seed + ": " + rerun);
        assertAllOnTheNewKeys(repo);
    }

    /** How a child run ended: killed by the test while it still ran, or it had finished first. */
    private record Killed(boolean whileRunning, int exit) {
    }

    /**
     * Starts the verb in a child JVM and SIGKILLs it from outside once it has made {@code after} new
     * backups in this run (each backup is written just before its file is replaced): the point is
     * chosen by the test, not by the code under test.
     */
    private Killed killAfterBackups(BulkRepo repo, int after, String... args) {
        Path backups = tmp.resolve(Backups.DIR);
        try {
            long before = countFiles(backups);
            Process p = repo.cli(0).builder(args).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (p.isAlive() && countFiles(backups) < before + after && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            boolean running = p.isAlive();
            p.destroyForcibly(); // SIGKILL on Linux
            return new Killed(running, p.waitFor());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertKilledWhileRunning(Killed killed) {
        assertTrue(killed.whileRunning(), "the run had finished before the kill");
        assertEquals(137, killed.exit(), "not ended by the SIGKILL");
    }

    private static long countFiles(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            return s.filter(java.nio.file.Files::isRegularFile).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a folder appeared or vanished while walking
        }
    }

    @Test
    void killedUpdatekeysResumes() {
        BulkRepo repo = new BulkRepo(tmp, 4).services(SERVICES, 0, 1, 2);
        repo.rule(0, 1, 2, 3);
        assertKilledWhileRunning(killAfterBackups(repo, 50, "updatekeys", "--all", "-y"));
        int done = 0;
        for (Path f : repo.envFiles()) {
            assertEquals(BulkRepo.plaintext(BulkRepo.serviceIndex(f)), repo.open(f, 0), f + " is not whole");
            done += repo.open(f, 3) != null ? 1 : 0;
        }
        assertTrue(done > 0 && done < SERVICES, "updated before the kill: " + done);
        Cli.Result rerun = repo.cli(0).run("updatekeys", "--all", "-y");
        assertEquals(0, rerun.exit(), rerun.toString());
        assertTrue(rerun.stdout().contains("updatekeys: " + (SERVICES - done) + " changed, " + done + " unchanged, 0 failed"),
                rerun.stdout());
        repo.envFiles().forEach(f -> assertNotNull(repo.open(f, 3), f.toString()));
    }

    @Test
    void oneBadFileFailsTheRunButNotTheOthers(@TempDir Path elsewhere) {
        BulkRepo repo = new BulkRepo(tmp, 4).services(5, 0, 1);
        // svc002 is encrypted for someone else only: the operator cannot open it
        Path foreign = tmp.resolve("svc002/.env.enc");
        new BulkRepo(elsewhere, 1).services(1, 0);
        byte[] foreignBytes = BulkRepo.read(elsewhere.resolve("svc000/.env.enc"));
        repo.write("svc002/.env.enc", new String(foreignBytes));
        repo.rule(0, 2);
        // covered by the rule but plaintext: not a sops file, not touched
        repo.write("notes/.env.enc", "lastmodified=yesterday\n");
        Cli.Result r = repo.cli(0).run("rotate", "--all", "--root", tmp.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stdout().contains("rotate: 4 changed, 0 unchanged, 1 failed (backup: "), r.stdout());
        assertEquals("lastmodified=yesterday\n", new String(BulkRepo.read(tmp.resolve("notes/.env.enc"))));
        assertTrue(r.stderr().contains("svc002/.env.enc"), r.stderr());
        assertFalse((r.stdout() + r.stderr()).contains("secret-value"), "a value in the output");
        assertArrayEquals(foreignBytes, BulkRepo.read(foreign));
        for (int i : new int[] {0, 1, 3, 4}) {
            assertNotNull(repo.open(tmp.resolve(BulkRepo.service(i) + "/.env.enc"), 2));
        }
    }

    /** A killed run may leave AtomicFile temp files; --all must never take them for repo files. */
    private static void assertNoLeftoverIsTakenForAFile(BulkRepo repo) {
        EncryptedFiles.coveredBy(repo.root, dev.secrets.sops.config.ConfigLoader.load(repo.root.resolve(".sops.yaml")))
                .forEach(p -> assertTrue(p.getFileName().toString().equals(".env.enc"), p.toString()));
    }

    private static byte[] keyOf(BulkRepo repo, byte[] encrypted) {
        Metadata md = MetadataCodec.fromBranch(BulkRepo.DOTENV.loadEncrypted(encrypted).metadata());
        return dev.secrets.sops.internal.DataKeys.open(md, List.of(repo.identity(0)));
    }

    private static List<String> valueLines(byte[] file) {
        return new String(file).lines().filter(l -> !l.startsWith("sops_")).toList();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
