package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-modify-write verbs racing on one file: every writer's change lands, or the verb refuses with
 * exit 3 and writes nothing. Writers are separate processes here, as users and scripts are.
 */
class NoLostUpdateTest {
    @TempDir
    Path tmp;

    private static Process start(Cli cli, String... args) throws IOException {
        return cli.builder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void sixteenConcurrentSetsOfDistinctKeysAllLand() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "BASE=0\n");
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            writers.add(start(repo.cli().stdin(""), "set", "caddy", "K" + i, "\"v" + i + "\""));
        }
        for (Process p : writers) {
            assertEquals(0, p.waitFor());
        }
        Map<String, String> values = repo.values("caddy");
        for (int i = 0; i < 16; i++) {
            assertEquals("v" + i, values.get("K" + i), "K" + i + " lost; have " + values.keySet());
        }
        assertEquals("0", values.get("BASE"));
    }

    /** A set racing a rotate --all: the value is there and the file is on the rotated key. */
    @Test
    void setWhileRotateAllRunsKeepsBothEffects() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        for (int i = 0; i < 40; i++) {
            repo.service(String.format("svc%02d", i), "A=1\nB=2\n");
        }
        String before = repo.read("svc20/.env.enc");
        Process rotate = start(repo.cli(), "rotate", "--all", "--no-backup");
        Cli.Result set = repo.cli().run("set", "svc20", "B", "\"changed\"");
        assertEquals(0, set.exit(), set.toString());
        assertEquals(0, rotate.waitFor());
        assertEquals("changed", repo.values("svc20").get("B"));
        assertFalse(before.lines().filter(l -> l.startsWith("A=")).findFirst().orElseThrow()
                .equals(repo.read("svc20/.env.enc").lines().filter(l -> l.startsWith("A=")).findFirst().orElseThrow()),
                "svc20 was not rotated");
    }

    private Path editor(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** The editor is open while someone sets another key: the save merges both. */
    @Test
    void editSavedAfterAConcurrentSetKeepsBoth() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "A=1\nB=2\n");
        Path started = tmp.resolve("started");
        Path go = tmp.resolve("go");
        Path ed = editor("ed.sh", "touch " + started + "\nwhile [ ! -e " + go + " ]; do sleep 0.05; done\n"
                + "sed -i 's/^A=1$/A=edited/' \"$1\"\n");
        Process edit = start(repo.cli().env("EDITOR", ed.toString()), "edit", "caddy");
        waitFor(started);
        Cli.Result set = repo.cli().run("set", "caddy", "B", "\"set-meanwhile\"");
        assertEquals(0, set.exit(), set.toString());
        Files.createFile(go);
        assertEquals(0, edit.waitFor());
        Map<String, String> values = repo.values("caddy");
        assertEquals("edited", values.get("A"));
        assertEquals("set-meanwhile", values.get("B"));
    }

    /** Both changed the same key: the edit is refused (exit 3), kept encrypted beside the file, never as plaintext. */
    @Test
    void editConflictingWithAConcurrentSetIsKeptEncrypted() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "A=1\nB=2\n");
        Path started = tmp.resolve("started");
        Path go = tmp.resolve("go");
        Path ed = editor("ed.sh", "touch " + started + "\nwhile [ ! -e " + go + " ]; do sleep 0.05; done\n"
                + "sed -i 's/^A=1$/A=from-edit/' \"$1\"\n");
        Cli.Result[] editResult = new Cli.Result[1];
        Thread editor = new Thread(() -> editResult[0] = repo.cli().env("EDITOR", ed.toString()).runChild("edit", "caddy"));
        editor.start();
        waitFor(started);
        assertEquals(0, repo.cli().run("set", "caddy", "A", "\"from-set\"").exit());
        Files.createFile(go);
        editor.join();
        Cli.Result r = editResult[0];
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("changed by another writer") && r.stderr().contains("[\"A\"]"), r.stderr());
        assertFalse(r.stderr().contains("from-edit") || r.stderr().contains("from-set"), r.stderr());
        assertEquals("from-set", repo.values("caddy").get("A"));
        List<Path> kept;
        try (Stream<Path> s = Files.list(repo.repo.root.resolve("caddy"))) {
            kept = s.filter(p -> p.getFileName().toString().matches("edit-\\d{8}T\\d{6}Z\\.env\\.enc")).toList();
        }
        assertEquals(1, kept.size(), "the edit kept beside the file");
        assertFalse(Files.readString(kept.get(0)).contains("from-edit"), "kept as plaintext");
        Cli.Result recovered = repo.cli().run("decrypt", kept.get(0).toString());
        assertTrue(recovered.stdout().contains("A=from-edit"), recovered.toString());
        assertFalse(Files.exists(repo.repo.root.resolve("caddy/.env")));
    }

    @Test
    void aFileWithGitConflictMarkersIsAClearError() {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "A=1\n");
        String text = repo.read("caddy/.env.enc");
        repo.repo.write("caddy/.env.enc", "<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> other\n");
        Cli.Result r = repo.cli().run("set", "caddy", "A", "\"2\"");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("git conflict markers") && r.stderr().contains("merge driver"), r.stderr());
    }

    private static void waitFor(Path marker) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(marker), "the editor did not start");
    }
}
