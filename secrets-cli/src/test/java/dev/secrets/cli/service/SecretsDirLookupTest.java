package dev.secrets.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.secrets.cli.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where down (and a deploy replacing files) looks for an earlier deploy's secret folder: also under
 * the usual bases when this run's environment differs from the deploy's (cron, a systemd unit: no
 * XDG_RUNTIME_DIR), not only under the bases this environment names.
 */
class SecretsDirLookupTest {
    private static Context ctx(Map<String, String> env) {
        return Context.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), env, Path.of(""));
    }

    @Test
    void theUsualBasesAreLookedAtWhateverTheEnvironmentSays() throws Exception {
        String run = "/run/user/" + Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(List.of(run, "/dev/shm"), SecretsDir.lookupNames(ctx(Map.of())));
        assertEquals(List.of("/x/xdg", run, "/dev/shm"), SecretsDir.lookupNames(ctx(Map.of("XDG_RUNTIME_DIR", "/x/xdg"))));
        assertEquals(List.of("/x/own", "/x/xdg", run, "/dev/shm"),
                SecretsDir.lookupNames(ctx(Map.of("SECRETS_RUNTIME_DIR", "/x/own", "XDG_RUNTIME_DIR", "/x/xdg"))));
    }
}
