package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening findings 7 and 8: the signals that end a JVM without its shutdown hooks (SIGUSR1, SIGUSR2,
 * SIGALRM, SIGVTALRM, SIGXCPU) clean up as SIGTERM does during a deploy, and two deploys of one
 * service do not remove each other's {@code .env}. Each deploy is a child JVM with a stand-in docker.
 */
class DeploySignalAndRaceTest {
    @TempDir
    Path tmp;

    private ServiceRepo repo;
    private Path bin;

    private void setUp() throws IOException {
        repo = new ServiceRepo(tmp);
        repo.service("app", "DB_PASSWORD=sentinel-sig-1\n");
        bin = Files.createDirectories(tmp.resolve("bin"));
        // records its pid and start, then sleeps FAKE_SLEEP seconds and notes whether .env was still there
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho $$ >> \"$MARK.pid\"\ntouch \"$MARK.started\"\nsleep \"$FAKE_SLEEP\"\n"
                + "if test -f .env; then echo present >> \"$MARK.seen\"; else echo missing >> \"$MARK.seen\"; fi\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
    }

    private Cli cli(Path mark, int sleep) {
        return repo.cli().env("PATH", bin + ":" + System.getenv("PATH")).env("MARK", mark.toString())
                .env("FAKE_SLEEP", Integer.toString(sleep));
    }

    private static void waitFor(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), "not there in time: " + file);
    }

    /** Linux's numbers (x86 and arm alike): the exit code a shell shows is 128 + the number. */
    private static int signalNumber(String name) {
        return java.util.Map.of("USR1", 10, "USR2", 12, "ALRM", 14, "XCPU", 24, "VTALRM", 26).get(name);
    }

    @Test
    void signalsThatEndTheJvmRemoveTheEnvAndStopCompose() throws Exception {
        setUp();
        Path env = repo.repo.root.resolve("app/.env");
        for (String signal : FatalSignals.NAMES) {
            Path mark = tmp.resolve("mark-" + signal);
            Process p = cli(mark, 60).builder("deploy", "app").redirectErrorStream(true).start();
            waitFor(Path.of(mark + ".started"));
            assertTrue(Files.exists(env), ".env present while compose runs");
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "deploy did not end on SIG" + signal);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(Files.exists(env), ".env left behind after SIG" + signal + ": " + output);
            assertEquals(128 + signalNumber(signal), p.exitValue(), "SIG" + signal + ": " + output);
            String composePid = Files.readString(Path.of(mark + ".pid")).strip();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(Long.parseLong(composePid)).map(ProcessHandle::isAlive).orElse(false)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(ProcessHandle.of(Long.parseLong(composePid)).map(ProcessHandle::isAlive).orElse(false),
                    "compose outlived the deploy after SIG" + signal);
            try (var files = Files.list(tmp)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err")), "a JVM crash log");
            }
        }
    }

    @Test
    void aSecondDeployOfTheSameServiceWaitsForTheFirst() throws Exception {
        setUp();
        Path mark = tmp.resolve("mark-race");
        Process first = cli(mark, 4).builder("deploy", "app").redirectErrorStream(true).start();
        waitFor(Path.of(mark + ".started"));
        // --force: the first's .env is in the way, and replacing it is what the second was told to do
        Process second = cli(mark, 2).builder("deploy", "app", "--force").redirectErrorStream(true).start();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS), "a deploy hung");
        String out1 = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String out2 = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("present\npresent\n", Files.readString(Path.of(mark + ".seen")),
                "a compose run lost its .env to the other deploy's clean-up");
        assertEquals(0, first.exitValue(), out1);
        assertEquals(0, second.exitValue(), out2);
        assertTrue(out2.contains("another deploy of") && out2.contains("waiting"), "no word of the wait: " + out2);
        assertFalse(Files.exists(repo.repo.root.resolve("app/.env")));
    }
}
