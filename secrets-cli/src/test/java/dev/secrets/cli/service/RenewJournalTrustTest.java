package dev.secrets.cli.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.ServiceRepo;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every renew first completes a journal left at the repo root, and deploy tells the user to run
 * renew when one is there. So a journal that came with a commit (or from another user) must not
 * write anything: each line must name an encrypted scope file under the root (no {@code ..}, no
 * link, no file made from nothing) whose new bytes match their hash, and the journal must be this
 * user's, mode 0600 and untracked. A genuine interrupted renew still completes.
 */
class RenewJournalTrustTest {
    static final String PAYLOAD = "echo owned\n";

    @TempDir
    Path tmp;
    ServiceRepo repo;
    Path root;
    Path journal;
    Path outside;

    @BeforeEach
    void setUp() throws IOException {
        repo = new ServiceRepo(tmp);
        repo.service("app", "TOKEN=old-token-sentinel\nOTHER=1\n");
        repo.service("web", "TOKEN=old-token-sentinel\n");
        repo.repo.write("app/secrets.types", "TOKEN=hex:40\n");
        root = repo.repo.root;
        journal = root.resolve(RenewJournal.FILE_NAME);
        outside = Files.createDirectories(tmp.resolve("home/alice"));
    }

    @AfterEach
    void resetSeam() {
        RenewJournal.beforeWrite = p -> { };
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha(String s) {
        return RenewJournal.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha(Path p) throws IOException {
        return RenewJournal.sha256(Files.readAllBytes(p));
    }

    /** A journal as renew writes it (0600), with the given file lines. */
    private void plant(String... fileLines) throws IOException {
        Files.writeString(journal, "secrets-renew-journal 1\nkey TOKEN\n" + String.join("\n", fileLines) + "\n");
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-------"));
    }

    private Map<Path, byte[]> snapshot(Path... files) throws IOException {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        for (Path f : files) {
            out.put(f, Files.readAllBytes(f));
        }
        return out;
    }

    /** renew refuses the journal in one line naming it and the problem, and renews nothing. */
    private void refused(String problem, Map<Path, byte[]> unchanged) {
        Cli.Result r = repo.cli().run("renew", "TOKEN", "-y");
        assertEquals(1, r.exit(), problem + ": " + r);
        assertTrue(r.stderr().contains(journal + ": refused: ") && r.stderr().contains(problem), r.stderr());
        assertTrue(r.stderr().contains("nothing was written"), r.stderr());
        assertFalse(r.stdout().contains("renewed"), r.stdout());
        unchanged.forEach((f, b) -> {
            try {
                assertArrayEquals(b, Files.readAllBytes(f), f + " was written (" + problem + ")");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        try (var s = Files.list(outside)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.isEmpty() || names.equals(List.of(".env.enc")) || names.equals(List.of(".env.enc", "target.env.enc")),
                    "something was created outside the repo: " + names);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPlantedJournalWritesNothingOutsideOrInsideTheRepo() throws IOException {
        Path app = root.resolve("app/.env.enc");
        Path web = root.resolve("web/.env.enc");
        String appHash = sha(app);
        String junk = "sops: not really\n";
        String ok = sha(junk) + " " + b64(junk);

        // the reported attack: a file outside, created from nothing ("absent" is no hash)
        plant("file ../home/alice/.bash_aliases absent " + sha(PAYLOAD) + " " + b64(PAYLOAD));
        refused("../home/alice/.bash_aliases leaves the repo root", snapshot(app, web));
        assertFalse(Files.exists(outside.resolve(".bash_aliases")), "the planted journal created a file outside the repo");

        // an existing file outside, with its right old hash, and a scope file's name
        Path outsideEnc = Files.writeString(outside.resolve(".env.enc"), "mine\n");
        plant("file ../home/alice/.env.enc " + sha(outsideEnc) + " " + ok);
        refused("leaves the repo root", snapshot(app, web, outsideEnc));
        plant("file " + outside.resolve(".env.enc") + " " + sha(outsideEnc) + " " + ok);
        refused("is not a path inside the repo", snapshot(app, web, outsideEnc));

        // "absent" for a scope file that does not exist: renew never creates files
        plant("file app/.env.enc absent " + ok);
        refused("a hash is not 64 hex digits", snapshot(app, web));
        plant("file newsvc/.env.enc " + sha("x") + " " + ok);
        refused("the folder of newsvc/.env.enc does not exist", snapshot(app, web));
        Files.createDirectories(root.resolve("newsvc"));
        plant("file newsvc/.env.enc " + sha("x") + " " + ok);
        refused("newsvc/.env.enc does not exist", snapshot(app, web));
        assertFalse(Files.exists(root.resolve("newsvc/.env.enc")));

        // not a scope file: the compose file, a hook
        Path compose = root.resolve("app/docker-compose.yml");
        plant("file app/docker-compose.yml " + sha(compose) + " " + ok);
        refused("app/docker-compose.yml is not an encrypted scope file", snapshot(app, web, compose));

        // a link where the scope file should be, and a folder that is a link out of the repo
        Path target = Files.writeString(outside.resolve("target.env.enc"), "theirs\n");
        Files.createSymbolicLink(root.resolve("app/prod.env.enc"), target);
        plant("file app/prod.env.enc " + sha(target) + " " + ok);
        refused("app/prod.env.enc is a symbolic link", snapshot(app, web, target, outsideEnc));
        Files.createSymbolicLink(root.resolve("linked"), outside);
        plant("file linked/.env.enc " + sha(outsideEnc) + " " + ok);
        refused("linked/.env.enc leads out of the repo root through a symbolic link", snapshot(app, web, target, outsideEnc));

        // new bytes that do not match the new hash beside them; a hash that is not hex
        plant("file app/.env.enc " + appHash + " " + sha("something else") + " " + b64(junk));
        refused("the new content of app/.env.enc does not match its SHA-256", snapshot(app, web));
        plant("file app/.env.enc " + appHash.toUpperCase() + " " + ok);
        refused("a hash is not 64 hex digits", snapshot(app, web));

        // a valid first line does not get written when a later line is refused
        plant("file app/.env.enc " + appHash + " " + ok, "file ../home/alice/.bash_aliases " + sha("x") + " " + ok);
        refused("leaves the repo root", snapshot(app, web));

        // a genuine-looking journal, but readable by others (as a checkout makes it) or not ours
        plant("file app/.env.enc " + appHash + " " + ok);
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-r--r--"));
        refused("mode rw-r--r--, not rw-------", snapshot(app, web));
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-------"));
        if (chown("65534", journal)) {
            refused(", not by you", snapshot(app, web));
        } else {
            System.err.println("SKIPPED: the wrong-owner case needs root (chown)");
        }
        Files.delete(journal);
        Files.createSymbolicLink(journal, outside.resolve("target.env.enc"));
        refused("not a regular file", snapshot(app, web, target));
    }

    @Test
    void aJournalTrackedByGitIsRefused() throws Exception {
        SharedTestData.requireCommand("git");
        Path app = root.resolve("app/.env.enc");
        String junk = "sops: not really\n";
        plant("file app/.env.enc " + sha(app) + " " + sha(junk) + " " + b64(junk));
        git("init", "-q");
        git("add", "-f", RenewJournal.FILE_NAME);
        refused("tracked by git", snapshot(app, root.resolve("web/.env.enc")));
        // the same journal, untracked, is a genuine one by its looks: it completes
        git("rm", "-q", "--cached", RenewJournal.FILE_NAME);
        Cli.Result r = repo.cli().run("renew", "TOKEN", "-y");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(junk, Files.readString(app));
    }

    /**
     * A renew interrupted after its journal (the journal kept from a renew whose first write failed,
     * and one of the two files given its new bytes) is completed by the next renew: both files end
     * with the one new value.
     */
    @Test
    void aGenuineInterruptedRenewStillCompletes() throws IOException {
        Path app = root.resolve("app/.env.enc");
        Path web = root.resolve("web/.env.enc");
        byte[][] kept = new byte[1][];
        RenewJournal.beforeWrite = p -> {
            try {
                kept[0] = Files.readAllBytes(journal);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not write " + p + ": injected");
        };
        Cli.Result failed = repo.cli().env("SECRETS_THREADS", "1").run("renew", "TOKEN", "-y", "--no-backup");
        assertEquals(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, failed.exit(), failed.toString());
        RenewJournal.beforeWrite = p -> { };
        assertFalse(Files.exists(journal));
        assertEquals("old-token-sentinel", repo.values("app").get("TOKEN"));

        // as if killed after the first file: the journal back (as renew wrote it), app new, web old
        Files.write(journal, kept[0]);
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-------"));
        String[] appLine = new String(kept[0], StandardCharsets.UTF_8).split("\n")[2].split(" ");
        assertEquals("app/.env.enc", appLine[1]);
        Files.write(app, Base64.getDecoder().decode(appLine[4]));

        Cli.Result r = repo.cli().run("renew", "TOKEN", "-y");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("completed the interrupted renew of TOKEN (1 files written)"), r.stderr());
        assertTrue(r.stdout().contains("TOKEN was completed from the journal"), r.stdout());
        assertFalse(Files.exists(journal));
        String value = repo.values("app").get("TOKEN");
        assertNotEquals("old-token-sentinel", value);
        assertTrue(value.matches("[0-9a-f]{40}"), "hex:40");
        assertEquals(value, repo.values("web").get("TOKEN"));
        assertEquals("1", repo.values("app").get("OTHER"));
        assertFalse((r.stdout() + r.stderr()).contains(value), "a value was printed");
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", args) + ": " + out);
    }

    private static boolean chown(String uid, Path file) {
        try {
            Process p = new ProcessBuilder("chown", uid, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
