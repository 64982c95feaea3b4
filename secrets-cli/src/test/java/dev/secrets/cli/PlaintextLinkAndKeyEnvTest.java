package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening findings 1 and 6: plaintext never goes through a symbolic link (and a link is never
 * removed as if it were ours); commands the CLI runs never see the key variables.
 */
class PlaintextLinkAndKeyEnvTest {
    @TempDir
    Path tmp;

    private ServiceRepo repoWithLinkedEnv(Path outside) throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "SECRET=sentinel-value-1\n");
        Files.writeString(outside, "untouched\n");
        Files.createSymbolicLink(repo.repo.root.resolve("caddy/.env"), outside);
        return repo;
    }

    @Test
    void deployForceRefusesALinkedEnvAndLeavesBothAlone() throws Exception {
        Path outside = tmp.resolve("elsewhere.txt");
        ServiceRepo repo = repoWithLinkedEnv(outside);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        Cli.Result r = repo.cli().env("PATH", bin + ":" + System.getenv("PATH")).run("deploy", "caddy", "--force");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("symbolic link"), r.stderr());
        assertEquals("untouched\n", Files.readString(outside));
        assertTrue(Files.isSymbolicLink(repo.repo.root.resolve("caddy/.env")), "the link was removed");
    }

    @Test
    void decryptServiceForceAndOutputRefuseLinks() throws Exception {
        Path outside = tmp.resolve("elsewhere.txt");
        ServiceRepo repo = repoWithLinkedEnv(outside);
        Cli.Result service = repo.cli().run("decrypt", "caddy", "--force");
        assertEquals(3, service.exit(), service.toString());
        Path link = tmp.resolve("out-link");
        Files.createSymbolicLink(link, outside);
        Cli.Result output = repo.cli().run("decrypt", "caddy/.env.enc", "--output", link.toString());
        assertEquals(3, output.exit(), output.toString());
        assertEquals("untouched\n", Files.readString(outside));
        assertFalse((service.stderr() + output.stderr()).contains("sentinel-value-1"));
    }

    @Test
    void execCommandsSeeTheValuesButNotTheKeyVariables() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "SECRET=sentinel-value-2\n");
        Cli.Result env = repo.cli().env("SOPS_AGE_KEY", "AGE-SECRET-KEY-1NOTAREALKEY")
                .run("exec-env", "caddy", "--", "env");
        assertEquals(0, env.exit(), env.toString());
        assertTrue(env.stdout().contains("SECRET=sentinel-value-2"), "the value reaches the command");
        assertFalse(env.stdout().contains("SOPS_AGE_KEY"), env.stdout().lines().filter(l -> l.startsWith("SOPS")).toList().toString());
        Cli.Result file = repo.cli().run("exec-file", "caddy", "--", "sh", "-c", "env; cat {}");
        assertEquals(0, file.exit(), file.toString());
        assertFalse(file.stdout().contains("SOPS_AGE_KEY_FILE"), "exec-file's command saw the key file setting");
        assertTrue(file.stdout().contains("sentinel-value-2"));
    }
}
