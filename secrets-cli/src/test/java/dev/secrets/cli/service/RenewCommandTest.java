package dev.secrets.cli.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.age.AgeRecipient;
import dev.secrets.cli.BulkRepo;
import dev.secrets.cli.Cli;
import dev.secrets.cli.keys.Backups;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secrets renew} over a generated repo of 50 services, 20 of which hold SHARED_TOKEN (with
 * the same value): one new value in all 20, the 30 others byte-identical; an injected I/O error and
 * SIGKILLs of a child JVM after some of the 20 files leave all old or all new once a rerun completes.
 */
class RenewCommandTest {
    static final int SERVICES = 50;
    static final String KEY = "SHARED_TOKEN";
    static final String OLD = "old-shared-sentinel-4711";

    @TempDir
    Path tmp;
    BulkRepo repo;

    @AfterEach
    void resetSeam() {
        RenewJournal.beforeWrite = p -> { };
    }

    static boolean holds(int i) {
        return i % 5 < 2; // 20 of 50
    }

    static String plaintext(int i) {
        return "DB_PASSWORD=own-secret-" + i + "\n" + (holds(i) ? KEY + "=" + OLD + "\n" : "") + "PORT=" + (5000 + i) + "\n";
    }

    private BulkRepo repo() {
        repo = new BulkRepo(tmp, 2);
        repo.rule(0);
        EncryptionRule rule = EncryptionRule.of(List.of(AgeRecipient.parse(repo.keys.get(0).publicKey())));
        for (int i = 0; i < SERVICES; i++) {
            String svc = BulkRepo.service(i);
            repo.write(svc + "/docker-compose.yml", "services:\n  app:\n    image: busybox\n    env_file: .env\n");
            byte[] plain = plaintext(i).getBytes(StandardCharsets.UTF_8);
            repo.write(svc + "/.env.enc", new String(Sops.encrypt(BulkRepo.DOTENV.loadPlain(plain), BulkRepo.DOTENV, rule),
                    StandardCharsets.UTF_8));
        }
        repo.write("svc000/secrets.types", KEY + "=hex:40\n");
        return repo;
    }

    private List<Path> holders() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            if (holds(i)) {
                out.add(tmp.resolve(BulkRepo.service(i) + "/.env.enc"));
            }
        }
        return out;
    }

    /** The key's value in a file, decrypted with the MAC checked. */
    private String value(Path file) {
        String plain = repo.open(file, 0);
        assertNotNull(plain, file + " does not open");
        for (String line : plain.split("\n")) {
            if (line.startsWith(KEY + "=")) {
                return line.substring(KEY.length() + 1);
            }
        }
        throw new AssertionError(file + " lost " + KEY);
    }

    /** The one value all 20 holders share (fails when they differ); their other keys kept. */
    private String sharedValue(String context) {
        Set<String> values = new HashSet<>();
        for (Path f : holders()) {
            values.add(value(f));
            int i = BulkRepo.serviceIndex(f);
            assertTrue(repo.open(f, 0).startsWith("DB_PASSWORD=own-secret-" + i + "\n"), f.toString());
        }
        assertEquals(1, values.size(), context + "holders differ: " + values.size() + " values");
        return values.iterator().next();
    }

    private void assertOthersUntouched(Map<Path, byte[]> before) {
        for (int i = 0; i < SERVICES; i++) {
            if (!holds(i)) {
                Path f = tmp.resolve(BulkRepo.service(i) + "/.env.enc");
                assertArrayEquals(before.get(f), BulkRepo.read(f), f + " changed");
            }
        }
    }

    @Test
    void oneNewValueInEveryHolderAndTheOthersByteIdentical() {
        repo();
        Map<Path, byte[]> before = repo.snapshot();
        Cli.Result r = repo.cli(0).run("renew", KEY, "-y");
        assertEquals(0, r.exit(), r.toString());
        String renewed = sharedValue("");
        assertTrue(renewed.matches("[0-9a-f]{40}"), "hex:40 from svc000/secrets.types");
        assertNotEquals(OLD, renewed);
        assertOthersUntouched(before);
        assertTrue(r.stdout().contains("renewed " + KEY + " (hex:40) in 20 files"), r.stdout());
        List<String> restart = new ArrayList<>();
        holders().forEach(f -> restart.add(f.getParent().getFileName().toString()));
        assertTrue(r.stdout().contains("restart: " + String.join(" ", restart) + "\n"), r.stdout());
        assertFalse((r.stdout() + r.stderr()).contains(renewed) || (r.stdout() + r.stderr()).contains(OLD), "a value was printed");
        // one changed data line per holder: the other values keep their ciphertext
        for (Path f : holders()) {
            assertEquals(1, dev.secrets.cli.ServiceRepo.changedDataLines(new String(before.get(f)), new String(BulkRepo.read(f))));
        }
        // the backup run holds the 20 originals, and restore undoes the renew
        List<String> runs = repo.backupRuns();
        assertEquals(1, runs.size());
        Path run = tmp.resolve(Backups.DIR).resolve(runs.get(0));
        for (Path f : holders()) {
            assertArrayEquals(before.get(f), BulkRepo.read(run.resolve(tmp.relativize(f))));
        }
        assertFalse(Files.exists(tmp.resolve(RenewJournal.FILE_NAME)), "journal left behind");
    }

    @Test
    void onlyTheNamedServicesAndTheAnswerNoChangesNothing() {
        repo();
        Map<Path, byte[]> before = repo.snapshot();
        Cli.Result no = repo.cli(0).stdin("n\n").run("renew", KEY);
        assertEquals(0, no.exit(), no.toString());
        assertTrue(no.stdout().contains("  svc000 [service]") && no.stdout().contains("  svc046 [service]"), no.stdout());
        assertEquals(before.keySet(), repo.snapshot().keySet());
        before.forEach((f, b) -> assertArrayEquals(b, BulkRepo.read(f)));

        Cli.Result two = repo.cli(0).run("renew", KEY, "svc005", "svc006", "--type", "password:24", "-y");
        assertEquals(0, two.exit(), two.toString());
        assertEquals(value(tmp.resolve("svc005/.env.enc")), value(tmp.resolve("svc006/.env.enc")));
        assertTrue(value(tmp.resolve("svc005/.env.enc")).matches("[A-Za-z0-9]{24}"));
        assertEquals(OLD, value(tmp.resolve("svc000/.env.enc")));
        assertTrue(two.stdout().contains("restart: svc005 svc006\n"), two.stdout());
    }

    @Test
    void anInjectedIoErrorAfterSomeFilesPutsThemAllBackAndARerunRenewsAll() {
        repo();
        Map<Path, byte[]> before = repo.snapshot();
        AtomicInteger writes = new AtomicInteger();
        RenewJournal.beforeWrite = p -> {
            if (writes.incrementAndGet() == 8) {
                throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not write " + p + ": injected I/O error");
            }
        };
        Cli.Result r = repo.cli(0).run("renew", KEY, "-y");
        assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, r.exit(), r.toString());
        // the other writes in flight (several threads) finish, then every written file is put back
        assertTrue(r.stderr().matches("(?s).*the (\\d+) files already written were put back.*"), r.stderr());
        assertTrue(r.stderr().contains("injected I/O error"), r.stderr());
        before.forEach((f, b) -> assertArrayEquals(b, BulkRepo.read(f), f + " is not its old version"));
        assertFalse(Files.exists(tmp.resolve(RenewJournal.FILE_NAME)));

        RenewJournal.beforeWrite = p -> { };
        Cli.Result rerun = repo.cli(0).run("renew", KEY, "-y");
        assertEquals(0, rerun.exit(), rerun.toString());
        assertNotEquals(OLD, sharedValue(""));
        assertOthersUntouched(before);
    }

    /**
     * A child JVM SIGKILLed once k of the 20 files have their new version (k drawn from a logged seed;
     * -Drenew.seed=N replays): the journal is left, and a rerun completes the same value everywhere.
     * A kill before the journal (during start-up) leaves all 20 old.
     */
    @Test
    void sigkillAfterSomeFilesLeavesAJournalThatARerunCompletes() throws Exception {
        long seed = Long.getLong("renew.seed", new Random().nextLong());
        Random random = new Random(seed);
        repo();
        Map<Path, byte[]> before = repo.snapshot();

        // killed while starting: nothing written
        Process early = repo.cli(0).builder("renew", KEY, "-y").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(random.nextInt(100));
        early.destroyForcibly();
        assertEquals(137, early.waitFor());
        before.forEach((f, b) -> assertArrayEquals(b, BulkRepo.read(f), "seed " + seed + ": " + f));

        int landed = 0;
        for (int round = 0; round < 3; round++) {
            Map<Path, byte[]> old = repo.snapshot();
            int after = 1 + random.nextInt(holders().size() - 2);
            // rounds 0 and 2 write one file at a time (a wide window between journal and last file),
            // round 1 with the default threads, several files in flight at the kill
            Process p = repo.cli(0).env("SECRETS_THREADS", round == 1 ? "8" : "1").builder("renew", KEY, "-y").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (p.isAlive() && changed(old) < after && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            boolean running = p.isAlive();
            p.destroyForcibly();
            p.waitFor();
            int atKill = changed(old);
            boolean journal = Files.exists(tmp.resolve(RenewJournal.FILE_NAME));
            System.err.printf("renew SIGKILL (seed %d) round %d: asked after %d, %d of 20 new at the kill, %s, journal %s%n",
                    seed, round, after, atKill, running ? "killed while running" : "had finished", journal ? "left" : "absent");
            assertOthersUntouched(before);
            if (!journal) {
                sharedValue("seed " + seed + " round " + round + ": "); // no journal: all old or all new
                continue;
            }
            landed++;
            Cli.Result v = repo.cli(0).run("validate", "svc000");
            assertTrue(v.stdout().contains(RenewJournal.FILE_NAME + ": an interrupted renew"), v.stdout());
            // (killed after the last file but before the journal was removed: all new, nothing left to write)
            Cli.Result rerun = repo.cli(0).run("renew", KEY, "-y");
            assertEquals(0, rerun.exit(), rerun.toString());
            assertTrue(rerun.stderr().contains("completed the interrupted renew of " + KEY + " (" + (20 - atKill) + " files written)"),
                    rerun.stderr());
            String completed = sharedValue("seed " + seed + " round " + round + " after the rerun: ");
            assertNotEquals(OLD, completed);
            assertFalse(Files.exists(tmp.resolve(RenewJournal.FILE_NAME)));
            assertTrue(completed.matches("[0-9a-f]{40}"));
        }
        assertTrue(landed > 0, "seed " + seed + ": no kill landed between the journal and the last file");
    }

    private int changed(Map<Path, byte[]> old) {
        int n = 0;
        for (Path f : holders()) {
            try {
                if (!java.util.Arrays.equals(old.get(f), Files.readAllBytes(f))) {
                    n++;
                }
            } catch (java.io.IOException e) {
                // mid-rename: count it next time
            }
        }
        return n;
    }

    @Test
    void badInputWritesNothing(@TempDir Path elsewhere) {
        repo();
        Map<Path, byte[]> before = repo.snapshot();
        Cli.Result none = repo.cli(0).run("renew", "NO_SUCH_KEY", "-y");
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.stderr().contains("NO_SUCH_KEY: no service holds this key"), none.stderr());

        Cli.Result manual = repo.cli(0).run("renew", KEY, "--type", "manual", "-y");
        assertEquals(1, manual.exit(), manual.toString());
        assertTrue(manual.stderr().contains("secrets set SERVICE " + KEY), manual.stderr());

        Cli.Result untyped = repo.cli(0).run("renew", "DB_PASSWORD", "svc001", "-y");
        assertEquals(1, untyped.exit(), untyped.toString());
        assertTrue(untyped.stderr().contains("--type"), untyped.stderr());

        // svc030 holds the key but is encrypted for someone else: named, nothing written anywhere
        BulkRepo other = new BulkRepo(elsewhere, 1);
        EncryptionRule foreign = EncryptionRule.of(List.of(AgeRecipient.parse(other.keys.get(0).publicKey())));
        byte[] locked = Sops.encrypt(BulkRepo.DOTENV.loadPlain((KEY + "=x\n").getBytes(StandardCharsets.UTF_8)), BulkRepo.DOTENV, foreign);
        repo.write("svc030/.env.enc", new String(locked, StandardCharsets.UTF_8));
        before.put(tmp.resolve("svc030/.env.enc"), locked);
        Cli.Result closed = repo.cli(0).run("renew", KEY, "-y");
        assertNotEquals(0, closed.exit(), closed.toString());
        assertTrue(closed.stderr().contains("service svc030: "), closed.stderr());
        // svc031 does not parse: whether it holds the key cannot be told
        repo.write("svc031/.env.enc", "not a sops file\u0000\n");
        before.put(tmp.resolve("svc031/.env.enc"), BulkRepo.read(tmp.resolve("svc031/.env.enc")));
        Cli.Result garbled = repo.cli(0).run("renew", KEY, "-y");
        assertNotEquals(0, garbled.exit(), garbled.toString());
        assertTrue(garbled.stderr().contains("service svc031: "), garbled.stderr());

        before.forEach((f, b) -> assertArrayEquals(b, BulkRepo.read(f), f + " changed"));
        assertTrue(repo.backupRuns().isEmpty(), "backups made for a refused renew");
        for (Cli.Result r : List.of(none, manual, untyped, closed, garbled)) {
            assertFalse((r.stdout() + r.stderr()).contains(OLD), "a value was printed");
        }
    }
}
