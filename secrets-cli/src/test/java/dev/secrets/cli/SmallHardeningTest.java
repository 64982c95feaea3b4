package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hardening finding 8, the smaller items: each a clear one-line error with its exit code, nothing lost. */
class SmallHardeningTest {
    @TempDir
    Path tmp;

    private ServiceRepo repo() {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("app", "DB_PASSWORD=sentinel-small-1\nOTHER=x\n");
        return repo;
    }

    private static void oneLine(Cli.Result r) {
        assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
        assertFalse(r.stderr().contains("internal error") || r.stderr().contains("Exception"), r.stderr());
        assertFalse(r.stderr().contains("sentinel-small"), r.stderr());
    }

    @Test
    void aDanglingEnvLinkIsNeitherFollowedNorDeleted() throws Exception {
        ServiceRepo repo = repo();
        Path link = repo.repo.root.resolve("app/.env");
        Path target = tmp.resolve("nowhere/.env");
        Files.createSymbolicLink(link, target);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("docker"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin.resolve("docker"), PosixFilePermissions.fromString("rwx------"));
        for (String[] args : new String[][] {{"deploy", "app", "--force"}, {"decrypt", "app", "--force"}, {"decrypt", "app"}}) {
            Cli.Result r = repo.cli().env("PATH", bin + ":" + System.getenv("PATH")).run(args);
            assertEquals(3, r.exit(), String.join(" ", args) + ": " + r);
            oneLine(r);
            assertTrue(Files.isSymbolicLink(link), String.join(" ", args) + " removed the link");
            assertFalse(Files.exists(target), String.join(" ", args) + " wrote through the link");
        }
    }

    @Test
    void anIdenticalEnvWithAWiderModeIsMadeOwnerOnly() throws Exception {
        ServiceRepo repo = repo();
        assertEquals(0, repo.cli().run("decrypt", "app").exit());
        Path env = repo.repo.root.resolve("app/.env");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result again = repo.cli().run("decrypt", "app");
        assertEquals(0, again.exit(), again.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
    }

    @Test
    void aNulCharacterIsRefusedBySetAndByExecEnv() throws Exception {
        ServiceRepo repo = repo();
        String before = repo.read("app/.env.enc");
        Cli.Result set = repo.cli().run("set", "app", "DB_PASSWORD", "\"a\\u0000b\"");
        assertEquals(7, set.exit(), set.toString());
        oneLine(set);
        assertEquals(before, repo.read("app/.env.enc"));
        // one made elsewhere (encrypt takes the bytes of .env as sops does): exec-env says why it cannot
        repo.repo.write("nul/.env", "K=a\0b\n");
        assertEquals(0, repo.cli().run("encrypt", "nul").exit());
        Cli.Result exec = repo.cli().run("exec-env", "nul", "--", "true");
        assertEquals(1, exec.exit(), exec.toString());
        oneLine(exec);
        assertTrue(exec.stderr().contains("NUL"), exec.stderr());
    }

    @Test
    void invalidUtf8OnStdinIsRefusedNotReplaced() {
        ServiceRepo repo = repo();
        String before = repo.read("app/.env.enc");
        Cli.Result r = repo.cli().stdinBytes(new byte[] {'a', (byte) 0xff, 'b', '\n'}).run("set", "app", "DB_PASSWORD");
        assertEquals(7, r.exit(), r.toString());
        oneLine(r);
        assertTrue(r.stderr().contains("not valid UTF-8"), r.stderr());
        assertEquals(before, repo.read("app/.env.enc"));
        assertEquals("sentinel-small-1", repo.values("app").get("DB_PASSWORD"));
    }

    @Test
    void aKeyHoldingAnEqualsSignIsABadSetPath() {
        ServiceRepo repo = repo();
        String before = repo.read("app/.env.enc");
        Cli.Result r = repo.cli().stdin("v\n").run("set", "app", "K=X");
        assertEquals(7, r.exit(), r.toString());
        oneLine(r);
        assertTrue(r.stderr().contains("holds '='"), r.stderr());
        assertEquals(before, repo.read("app/.env.enc"));
    }

    @Test
    void anEditorThatDeletesItsFileLeavesTheFileAsItWas() throws Exception {
        ServiceRepo repo = repo();
        String before = repo.read("app/.env.enc");
        Path editor = tmp.resolve("deleting-editor");
        Files.writeString(editor, "#!/bin/sh\nrm -f \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Cli.Result r = repo.cli().env("EDITOR", editor.toString()).run("edit", "app");
        assertEquals(2, r.exit(), r.toString());
        oneLine(r);
        assertTrue(r.stderr().contains("the editor removed it"), r.stderr());
        assertEquals(before, repo.read("app/.env.enc"));
    }

    @Test
    void aServiceNameWithDotDotDoesNotLeaveTheRoot() throws Exception {
        ServiceRepo repo = repo();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.copy(repo.repo.root.resolve("app/.env.enc"), outside.resolve(".env.enc"));
        Path cwd = Files.createDirectories(tmp.resolve("a/b"));
        Cli.Result r = repo.cli().dir(cwd).run("decrypt", "../outside", "--stdout", "--root", repo.repo.root.toString());
        assertEquals(100, r.exit(), r.toString());
        oneLine(r);
        assertTrue(r.stderr().contains("must stay inside the repo root"), r.stderr());
        assertFalse(r.stdout().contains("sentinel-small-1"));
        Cli.Result inside = repo.cli().dir(cwd).run("decrypt", "x/../app", "--stdout", "--root", repo.repo.root.toString());
        assertEquals(0, inside.exit(), "a name that stays inside still works: " + inside);
        assertTrue(new String(inside.stdoutBytes(), StandardCharsets.UTF_8).contains("DB_PASSWORD="));
    }
}
