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
 * Hardening finding 5: a writer without the key edits {@code .env.enc} so that its MAC still verifies
 * (sops' MAC hashes values, never names) and deploy/exec-env would inject what they added. Each
 * tampered file is first shown to decrypt (the MAC holds), then refused by the injection policy.
 */
class InjectionPolicyTest {
    @TempDir
    Path tmp;

    private ServiceRepo repo;

    private Path enc() {
        return repo.repo.root.resolve("app/.env.enc");
    }

    private void tamper(String from, String to) throws Exception {
        String text = Files.readString(enc());
        assertTrue(text.contains(from), "not in the file: " + from);
        Files.writeString(enc(), text.replace(from, to));
    }

    private void prepend(String line) throws Exception {
        Files.writeString(enc(), line + "\n" + Files.readString(enc()));
    }

    /** The tampered file still opens: the MAC does not notice the change. */
    private void macStillVerifies() {
        Cli.Result r = repo.cli().run("decrypt", "app", "--stdout");
        assertEquals(0, r.exit(), "the tampering was meant to keep the MAC valid: " + r);
    }

    private Cli.Result execEnv(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "exec-env";
        args[1] = "app";
        System.arraycopy(extra, 0, args, 2, extra.length);
        args[extra.length + 2] = "--";
        args[extra.length + 3] = "env";
        return repo.cli().run(args);
    }

    @Test
    void ldPreloadAddedUnderMacOnlyEncryptedIsNeverInjected() throws Exception {
        repo = new ServiceRepo(tmp);
        repo.repo.write("app/.env", "DB_PASSWORD=sentinel-db-1\n");
        assertEquals(0, repo.cli().run("encrypt", "--mac-only-encrypted", "app").exit());
        tamper("sops_unencrypted_suffix=_unencrypted", "sops_unencrypted_regex=^LD_PRELOAD$");
        prepend("LD_PRELOAD=/tmp/evil.so");
        macStillVerifies();
        for (Cli.Result r : new Cli.Result[] {execEnv(), execEnv("--allow-unauthenticated")}) {
            assertEquals(1, r.exit(), r.toString());
            assertFalse(r.stdout().contains("LD_PRELOAD"), "the command ran with LD_PRELOAD");
            assertTrue(r.stderr().contains("LD_PRELOAD") && r.stderr().contains("mac_only_encrypted"), r.stderr());
            assertFalse(r.stderr().contains("sentinel-db-1") || r.stderr().contains("evil.so"), r.stderr());
        }
    }

    @Test
    void aRenamedPlaintextKeyUnderAChangedRegexIsRefusedOrWarnedWithTheFlag() throws Exception {
        repo = new ServiceRepo(tmp);
        repo.service("app", "DB_PASSWORD=sentinel-db-2\nAPP_URL_unencrypted=https://app.test\n");
        Files.copy(enc(), tmp.resolve("original"));
        // the plaintext entry renamed to a loader name, the selection changed so it stays "unencrypted"
        tamper("APP_URL_unencrypted=", "LD_PRELOAD=");
        tamper("sops_unencrypted_suffix=_unencrypted", "sops_unencrypted_regex=^LD_PRELOAD$");
        macStillVerifies();
        Cli.Result loader = execEnv("--allow-unauthenticated");
        assertEquals(1, loader.exit(), loader.toString());
        assertFalse(loader.stdout().contains("LD_PRELOAD="), "LD_PRELOAD was exported");

        // the same with an ordinary name: refused by default, injected with a warning when asked
        Files.copy(tmp.resolve("original"), enc(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        tamper("APP_URL_unencrypted=", "NODE_OPTIONS=");
        tamper("sops_unencrypted_suffix=_unencrypted", "sops_unencrypted_regex=^NODE_OPTIONS$");
        macStillVerifies();
        Cli.Result refused = execEnv();
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("NODE_OPTIONS is stored in plaintext"), refused.stderr());
        assertTrue(refused.stderr().contains("--allow-unauthenticated"), refused.stderr());
        assertFalse(refused.stdout().contains("NODE_OPTIONS"));
        Cli.Result allowed = execEnv("--allow-unauthenticated");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertTrue(allowed.stdout().contains("NODE_OPTIONS=https://app.test"), "the flag injects it");
        assertTrue(allowed.stderr().contains("warning") && allowed.stderr().contains("NODE_OPTIONS"), allowed.stderr());
    }

    @Test
    void anAppendedEmptyDuplicateIsRefusedByExecEnvAndDeploy() throws Exception {
        repo = new ServiceRepo(tmp);
        repo.service("app", "DB_PASSWORD=sentinel-db-3\nOPTIONAL=\n");
        Files.writeString(enc(), Files.readString(enc()) + "DB_PASSWORD=\n");
        macStillVerifies();
        Cli.Result exec = execEnv("--allow-unauthenticated");
        assertEquals(1, exec.exit(), exec.toString());
        assertTrue(exec.stderr().contains("DB_PASSWORD appears more than once"), exec.stderr());
        assertFalse(exec.stdout().contains("DB_PASSWORD"), "the command ran");

        Path marker = tmp.resolve("compose-ran");
        Cli.Result deploy = withDocker(marker).run("deploy", "app", "--allow-unauthenticated");
        assertEquals(1, deploy.exit(), deploy.toString());
        assertTrue(deploy.stderr().contains("DB_PASSWORD appears more than once"), deploy.stderr());
        assertFalse(Files.exists(marker), "compose ran");
        assertFalse(Files.exists(repo.repo.root.resolve("app/.env")), "a .env was written");
    }

    @Test
    void deployRefusesAPlaintextEntryWithoutTheFlag() throws Exception {
        repo = new ServiceRepo(tmp);
        repo.service("app", "DB_PASSWORD=sentinel-db-4\nAPP_URL_unencrypted=https://app.test\nOPTIONAL=\n");
        Path marker = tmp.resolve("compose-ran");
        Cli.Result validate = repo.cli().run("validate");
        assertTrue(validate.stdout().contains("WARNING app/.env.enc: deploy would refuse it: APP_URL_unencrypted is stored in plaintext"),
                validate.stdout());
        Cli.Result refused = withDocker(marker).run("deploy", "app");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("APP_URL_unencrypted is stored in plaintext"), refused.stderr());
        assertFalse(refused.stderr().contains("OPTIONAL"), "an empty placeholder is not refused: " + refused.stderr());
        assertFalse(Files.exists(marker), "compose ran");
        Cli.Result allowed = withDocker(marker).run("deploy", "app", "--allow-unauthenticated");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertTrue(Files.exists(marker), "compose did not run");
        assertFalse(Files.exists(repo.repo.root.resolve("app/.env")));
    }

    @Test
    void anEmptyValueThatWouldBlankAnInheritedVariableIsRefused() throws Exception {
        repo = new ServiceRepo(tmp);
        repo.service("app", "DB_PASSWORD=sentinel-db-5\n");
        prepend("PATH=");
        macStillVerifies();
        Cli.Result r = repo.cli().env("PATH", System.getenv("PATH")).run("exec-env", "app", "--", "echo ran");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("PATH is empty and would replace"), r.stderr());
        assertFalse(r.stdout().contains("ran"));
        Cli.Result pristine = repo.cli().run("exec-env", "app", "--pristine", "--", "/bin/echo", "ran");
        assertEquals(0, pristine.exit(), "nothing to replace under --pristine: " + pristine);
    }

    /** The CLI with a stand-in docker that records that it ran and checks the .env it was given. */
    private Cli withDocker(Path marker) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\ntouch '" + marker + "'\ntest -f .env\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return repo.cli().env("PATH", bin + ":" + System.getenv("PATH"));
    }
}
