package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code ./secrets}) keeps a crashing JVM from leaving decrypted values
 * behind: no core dump ({@code ulimit -c 0}, {@code -XX:-CreateCoredumpOnCrash}) and the fatal-error
 * log in a private folder ({@code $XDG_STATE_HOME/secrets}, 0700), never the working folder. The
 * real launcher runs with JAVA pointing at a stub that prints its arguments and its core-file limit,
 * and with a stub mvn first on PATH so that it never builds; it starts with the soft core limit
 * raised, so the limit it passes on is its own doing.
 */
class LauncherHygieneTest {
    private static final Path LAUNCHER = Path.of("..", "secrets").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "secrets.jar").toAbsolutePath();
    /** The stub JDK's release file names this version, so the launcher looks for this archive. */
    private static final String VERSION = "17.0.99-launchertest";
    private static final Path ARCHIVE = Path.of("target", "secrets-17.0.99_launchertest.jsa").toAbsolutePath();

    @TempDir
    Path tmp;
    private Path stubJava;
    private Path stubBin;
    private Path work;
    /** The launcher run: the script, or a symlink to it. */
    private Path launcher = LAUNCHER;

    /** What the stub java saw; stdout and stderr as they were. */
    record Run(int exit, List<String> args, String coreLimit, String stdout, String stderr) {
    }

    @BeforeEach
    void stubs() throws IOException {
        Path jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
        stubJava = script(jdk.resolve("java"), "#!/usr/bin/env bash\nprintf 'arg:%s\\n' \"$@\"\nprintf 'core:%s\\n' \"$(ulimit -c)\"\n");
        Files.writeString(tmp.resolve("jdk/release"), "JAVA_VERSION=\"" + VERSION + "\"\n");
        stubBin = Files.createDirectories(tmp.resolve("bin"));
        script(stubBin.resolve("mvn"), "#!/bin/sh\necho 'stub mvn: not building' >&2\n");
        work = Files.createDirectories(tmp.resolve("work"));
        // An archive newer than the jar: the launcher passes it on instead of making one.
        Files.createDirectories(ARCHIVE.getParent());
        Files.write(ARCHIVE, new byte[0]);
        Files.setLastModifiedTime(ARCHIVE, FileTime.from(Instant.now().plus(1, ChronoUnit.DAYS)));
    }

    @AfterEach
    void removeArchive() throws IOException {
        Files.deleteIfExists(ARCHIVE);
    }

    private static Path script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        assertTrue(file.toFile().setExecutable(true));
        return file;
    }

    private Run run(String java, Map<String, String> env, String... launcherArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "ulimit -S -c \"$(ulimit -H -c)\"; exec bash \"$0\" \"$@\"", launcher.toString()));
        command.addAll(List.of(launcherArgs));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", stubBin + ":/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("JAVA", java);
        pb.environment().putAll(env);
        Path err = tmp.resolve("stderr");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        List<String> args = new ArrayList<>();
        String core = null;
        for (String line : out.split("\n", -1)) {
            if (line.startsWith("arg:")) {
                args.add(line.substring(4));
            } else if (line.startsWith("core:")) {
                core = line.substring(5);
            }
        }
        return new Run(p.exitValue(), args, core, out, Files.readString(err));
    }

    private Run runStub(Map<String, String> env) throws Exception {
        Run r = run(stubJava.toString(), env, "--version");
        assertEquals(0, r.exit(), r.stderr());
        return r;
    }

    private static String hardCoreLimit() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "ulimit -H -c").start();
        String limit = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return limit;
    }

    @Test
    void aSymlinkNamedSopsRunsTheSameJarAndSaysItsName() throws Exception {
        List<String> direct = runStub(Map.of("XDG_STATE_HOME", tmp.resolve("state").toString())).args();
        assertTrue(direct.contains("-Dsecrets.program=secrets"), direct.toString());
        Path link = Files.createDirectories(tmp.resolve("links")).resolve("sops");
        Files.createSymbolicLink(link, LAUNCHER);
        launcher = link;
        List<String> viaLink = runStub(Map.of("XDG_STATE_HOME", tmp.resolve("state").toString())).args();
        assertTrue(viaLink.contains("-Dsecrets.program=sops"), viaLink.toString());
        int jar = viaLink.indexOf("-jar");
        assertEquals(JAR.toString(), viaLink.get(jar + 1), "the jar beside the script, found through the link");
        List<String> expected = new ArrayList<>(direct);
        expected.set(expected.indexOf("-Dsecrets.program=secrets"), "-Dsecrets.program=sops");
        assertEquals(expected, viaLink, "everything else as when run directly");
    }

    @Test
    void noCoreDumpAndCrashLogInXdgStateHome() throws Exception {
        Path state = tmp.resolve("state");
        Run r = runStub(Map.of("XDG_STATE_HOME", state.toString(), "HOME", tmp.resolve("home").toString()));

        if (hardCoreLimit().equals("0")) {
            System.err.println("SKIPPED: core-file hard limit is 0 here, so ulimit -c 0 cannot be told apart");
        } else {
            assertEquals("0", r.coreLimit(), "core-file limit the JVM starts with");
        }
        assertTrue(r.args().contains("-XX:-CreateCoredumpOnCrash"), r.args().toString());
        assertTrue(r.args().contains("-XX:ErrorFile=" + state + "/secrets/hs_err_pid%p.log"), r.args().toString());
        assertEquals("rwx------", PosixModes.of(state.resolve("secrets")));
        assertFalse(Files.exists(tmp.resolve("home")), "HOME is not used when XDG_STATE_HOME is set");

        // Everything else as before: the start-up flags, the archive, the jar and the arguments.
        List<String> args = r.args();
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xlog:disable",
                "-Xlog:all=warning:stderr"), args.subList(0, 5));
        int jar = args.indexOf("-jar");
        assertEquals(List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:auto"), args.subList(jar - 2, jar));
        assertEquals(List.of("-jar", JAR.toString(), "--version"), args.subList(jar, args.size()));
    }

    @Test
    void crashLogFolderUnderHomeWhenNoXdgStateHome() throws Exception {
        Path home = tmp.resolve("home");
        // A relative XDG_STATE_HOME is invalid (XDG base directory spec) and ignored.
        Run r = runStub(Map.of("HOME", home.toString(), "XDG_STATE_HOME", "relative/state"));
        Path folder = home.resolve(".local/state/secrets");
        assertTrue(r.args().contains("-XX:ErrorFile=" + folder + "/hs_err_pid%p.log"), r.args().toString());
        assertEquals("rwx------", PosixModes.of(folder));
        assertFalse(Files.exists(work.resolve("relative")));
        // A second run finds the folder and uses it as it is.
        assertEquals(r.args(), runStub(Map.of("HOME", home.toString())).args());
    }

    @Test
    void crashLogToStderrWithoutAPrivateFolder() throws Exception {
        for (Map<String, String> env : List.of(Map.<String, String>of(),
                Map.of("XDG_STATE_HOME", "/proc/no-such-folder"))) {
            Run r = runStub(env);
            assertTrue(r.args().contains("-XX:-CreateCoredumpOnCrash"), r.args().toString());
            assertTrue(r.args().contains("-XX:+ErrorFileToStderr"), r.args().toString());
            assertTrue(r.args().stream().noneMatch(a -> a.startsWith("-XX:ErrorFile=")), r.args().toString());
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /**
     * A real JVM made to crash: decrypting a 16 MB file with a 4 MB heap and
     * -XX:+CrashOnOutOfMemoryError. HotSpot prints its crash banner on stdout.
     */
    @Test
    void realCrashLeavesItsLogInThePrivateFolderOnly() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            System.err.println("SKIPPED: " + JAR + " is missing (mvn package builds it)");
            return;
        }
        Path big = tmp.resolve("big.env");
        Files.write(big, "a".repeat(16_000_000).getBytes(StandardCharsets.US_ASCII));
        Path state = tmp.resolve("state");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("XDG_STATE_HOME", state.toString());
        env.put("SECRETS_NO_ARCHIVE", "1");
        env.put("SECRETS_JAVA_OPTS", "-Xmx4m -XX:+CrashOnOutOfMemoryError");
        Run r = run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), env, "decrypt", big.toString());
        String output = r.stdout() + r.stderr();
        assertTrue(output.contains("A fatal error has been detected"), "the JVM was expected to crash: " + output);
        assertNotEquals(0, r.exit());
        assertTrue(output.contains("CreateCoredumpOnCrash turned off, no core file dumped"), output);
        try (Stream<Path> logs = Files.list(state.resolve("secrets"))) {
            assertEquals(1, logs.filter(f -> f.getFileName().toString().matches("hs_err_pid[0-9]+\\.log")).count());
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "nothing in the working folder");
        }
    }
}
