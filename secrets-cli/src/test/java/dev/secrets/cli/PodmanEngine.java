package dev.secrets.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private podman in a temp folder, set up as ../shared/tools/podman-env.sh does (vfs storage in its
 * own store, cgroupfs, runc, file events, no default network namespace, ulimits within the hard
 * limits here, an image {@code localhost/bb:1} imported from busybox-static), plus its Docker API
 * service on a unix socket for docker-compose. Two additions keep it off shared state and the
 * network: networks are defined in the private folder, and registries.conf blocks {@code localhost}
 * and has no short-name search, so a missing image never makes podman go looking outside.
 * {@link #close()} removes the containers and networks, stops the API service and deletes the folder.
 */
final class PodmanEngine implements AutoCloseable {
    static final String IMAGE = "localhost/bb:1";
    /** busybox applets linked in the image: the probe needs {@code true}, the services {@code sh} and {@code cat}. */
    private static final List<String> APPLETS = List.of("sh", "env", "sleep", "cat", "ls", "true");
    private static final long COMMAND_SECONDS = 120;

    final Path work;
    final Path socket;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Process service;

    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + ", stdout: " + stdout + ", stderr: " + stderr;
        }
    }

    private PodmanEngine(Path work) {
        this.work = work;
        this.socket = work.resolve("podman.sock");
        env.put("CONTAINERS_STORAGE_CONF", work.resolve("storage.conf").toString());
        env.put("CONTAINERS_CONF", work.resolve("containers.conf").toString());
        env.put("CONTAINERS_REGISTRIES_CONF", work.resolve("registries.conf").toString());
    }

    /**
     * A running engine with its API service, or null (with a {@code SKIPPED:} line on stderr) where
     * podman or busybox-static is absent or podman cannot run a container here.
     */
    static PodmanEngine startOrReport() throws IOException {
        Path busybox = Path.of("/bin/busybox");
        if (!onPath("podman") || !Files.isExecutable(busybox)) {
            System.err.println("SKIPPED: " + (onPath("podman") ? "/bin/busybox (busybox-static) is absent" : "podman is not installed")
                    + "; real-engine deploy tests not run");
            return null;
        }
        PodmanEngine engine = new PodmanEngine(Files.createTempDirectory("secrets-podman-"));
        String cannot;
        try {
            engine.writeConfig();
            cannot = engine.importImage(busybox);
            if (cannot == null) {
                Result probe = engine.podman("run", "--rm", IMAGE, "true");
                cannot = probe.exit() == 0 ? null : "podman run --rm " + IMAGE + " true: " + firstLine(probe);
            }
            if (cannot == null) {
                engine.startService();
                return engine;
            }
        } catch (IOException | RuntimeException | Error e) {
            engine.close();
            throw e;
        }
        engine.close();
        System.err.println("SKIPPED: podman cannot run a container here (" + cannot + "); real-engine deploy tests not run");
        return null;
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** What podman and compose need in their environment: the private config, and the API socket. */
    Map<String, String> env() {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("DOCKER_HOST", "unix://" + socket);
        return all;
    }

    private void writeConfig() throws IOException {
        Files.writeString(work.resolve("storage.conf"), "[storage]\ndriver = \"vfs\"\nrunroot = \"" + work.resolve("run")
                + "\"\ngraphroot = \"" + work.resolve("storage") + "\"\n");
        Files.writeString(work.resolve("containers.conf"), String.join("\n",
                "[containers]",
                "netns = \"none\"",
                "default_ulimits = [\"nofile=4096:4096\", \"nproc=4096:4096\"]",
                "[engine]",
                "cgroup_manager = \"cgroupfs\"",
                "events_logger = \"file\"",
                "runtime = \"runc\"",
                "[network]",
                "network_config_dir = \"" + work.resolve("networks") + "\"", ""));
        Files.writeString(work.resolve("registries.conf"), String.join("\n",
                "unqualified-search-registries = []",
                "[[registry]]",
                "location = \"localhost\"",
                "blocked = true", ""));
    }

    /** busybox as the whole root file system, imported as {@link #IMAGE}; null, or why it failed. */
    private String importImage(Path busybox) throws IOException {
        Path bin = Files.createDirectories(work.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path tar = work.resolve("rootfs.tar");
        Result packed = run(List.of("tar", "-C", work.resolve("rootfs").toString(), "-cf", tar.toString(), "."));
        if (packed.exit() != 0) {
            return "tar: " + firstLine(packed);
        }
        Result imported = podman("import", tar.toString(), IMAGE);
        return imported.exit() == 0 ? null : "podman import: " + firstLine(imported);
    }

    /** {@code podman system service} on the private socket; returns once the socket accepts connections. */
    private void startService() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile());
        pb.environment().putAll(env);
        service = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && service.isAlive()) {
            if (Files.exists(socket)) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    return;
                } catch (IOException notYet) {
                    // the file exists a moment before the service listens
                }
            }
            sleep(100);
        }
        throw new IllegalStateException("podman system service did not listen on " + socket + ": "
                + Files.readString(work.resolve("service.log")));
    }

    Result podman(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("podman");
        cmd.addAll(Arrays.asList(args));
        return run(cmd);
    }

    /** IDs of the containers of a compose project (both tools set this label). */
    List<String> containers(String project) {
        Result r = podman("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + project);
        if (r.exit() != 0) {
            throw new IllegalStateException("podman ps: " + r);
        }
        return r.stdout().lines().filter(s -> !s.isBlank()).toList();
    }

    /** Every container and compose network in the private store (all of them ours). */
    void removeContainersAndNetworks() {
        List<String> ids = podman("ps", "-a", "-q").stdout().lines().filter(s -> !s.isBlank()).toList();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f", "-t", "0"));
            rm.addAll(ids);
            podman(rm.toArray(String[]::new));
        }
        List<String> nets = podman("network", "ls", "-q", "--filter", "label=com.docker.compose.project").stdout()
                .lines().filter(s -> !s.isBlank()).toList();
        if (!nets.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("network", "rm", "-f"));
            rm.addAll(nets);
            podman(rm.toArray(String[]::new));
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(work.resolve("storage"))) {
                removeContainersAndNetworks();
            }
        } finally {
            stopService();
            deleteWork();
        }
    }

    private void stopService() {
        if (service == null) {
            return;
        }
        service.destroy();
        try {
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteWork() {
        if (!Files.exists(work)) {
            return;
        }
        try (var walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // rootless podman leaves files owned by sub-uids: only its user namespace can remove them
            Result r = podman("unshare", "rm", "-rf", work.toString());
            if (r.exit() != 0) {
                System.err.println("PodmanEngine: could not remove " + work + ": " + e.getMessage());
            }
        }
    }

    private Result run(List<String> cmd) {
        try {
            Path out = Files.createTempFile(work, "cmd", ".out");
            Path err = Files.createTempFile(work, "cmd", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", cmd) + " did not end in " + COMMAND_SECONDS + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(Result r) {
        String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
        return text.lines().filter(s -> !s.isBlank()).findFirst().orElse("exit " + r.exit());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
