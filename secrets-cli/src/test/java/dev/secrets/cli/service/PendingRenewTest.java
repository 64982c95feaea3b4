package dev.secrets.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.Scopes;
import dev.secrets.cli.ServiceRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While an interrupted renew's journal is at the repo root, some services may hold the new value and
 * some the old: deploy and exec-env refuse to hand either out until a renew completes it.
 */
class PendingRenewTest {
    @TempDir
    Path tmp;

    @Test
    void deployAndExecEnvWaitForAnInterruptedRenew() throws Exception {
        ServiceRepo services = new ServiceRepo(tmp);
        services.service("app", "TOKEN=t\n");
        Path journal = services.repo.root.resolve(Scopes.RENEW_JOURNAL);
        Cli.Result before = services.cli().run("deploy", "app", "--dry-run");
        assertEquals(0, before.exit(), before.toString());

        Files.writeString(journal, "secrets-renew-journal 1\n");
        for (String[] args : new String[][] {{"deploy", "app", "--dry-run"}, {"exec-env", "app", "--", "true"}}) {
            Cli.Result r = services.cli().run(args);
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.stderr().contains(journal + ": an interrupted renew is not complete"), r.stderr());
        }
    }
}
