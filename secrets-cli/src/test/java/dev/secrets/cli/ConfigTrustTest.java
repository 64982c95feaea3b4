package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening finding 3: a planted {@code .sops.yaml} (in a service folder, or written by another user)
 * must not choose recipients silently, and {@code encrypt} must not delete a plaintext that none of
 * the user's keys can recover.
 */
class ConfigTrustTest {
    @TempDir
    Path tmp;

    /** A public key that is not the test key's: the "attacker" (made by our keygen). */
    private int keys;

    private String otherRecipient() {
        Cli.Result r = new Cli().run("keygen", "-o", tmp.resolve("other-key-" + (++keys) + ".txt").toString());
        assertEquals(0, r.exit(), r.toString());
        for (String line : r.stderr().split("\n")) {
            int at = line.indexOf("age1");
            if (at >= 0) {
                return line.substring(at).trim();
            }
        }
        throw new AssertionError("no public key in: " + r.stderr());
    }

    private static String config(String recipient) {
        return "creation_rules:\n  - path_regex: \\.env\\.enc$\n    age: " + recipient + "\n";
    }

    @Test
    void aNestedConfigDoesNotSilentlyAddARecipientOnRotateAll() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "TOKEN=sentinel-t-1\n");
        repo.service("web", "TOKEN=sentinel-t-2\n");
        String attacker = otherRecipient();
        repo.repo.write("caddy/.sops.yaml", config(TestRepo.recipient() + "," + attacker));

        Cli.Result rotate = repo.cli().run("rotate", "--all");
        assertEquals(1, rotate.exit(), rotate.toString());
        assertTrue(rotate.stderr().contains("caddy/.sops.yaml") && rotate.stderr().contains("adds age " + attacker),
                rotate.stderr());
        assertTrue(rotate.stderr().contains("SECRETS_NESTED_CONFIG=allow"), rotate.stderr());
        assertFalse(repo.read("caddy/.env.enc").contains(attacker), "the planted recipient was added");

        Cli.Result validate = repo.cli().run("validate");
        assertEquals(1, validate.exit(), validate.toString());
        assertTrue(validate.stdout().contains("WARNING caddy/.env.enc: its recipients come from the nested caddy/.sops.yaml"),
                validate.stdout());
        assertFalse(validate.stdout().contains("web/.env.enc: its recipients"), validate.stdout());

        Cli.Result allowed = repo.cli().env("SECRETS_NESTED_CONFIG", "allow").run("rotate", "--all");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertTrue(repo.read("caddy/.env.enc").contains(attacker), "the override takes the nested config");
    }

    @Test
    void aNestedConfigWithTheSameRecipientsButPlaintextValuesIsNotSilent() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "TOKEN=sentinel-t-1\n");
        // the root's recipients, and a regex that selects no key: every new value would stay plaintext
        repo.repo.write("newsvc/.sops.yaml", "creation_rules:\n  - path_regex: \\.env\\.enc$\n    encrypted_regex: '^$'\n    age: "
                + TestRepo.recipient() + "\n");
        repo.repo.write("newsvc/.env", "DB_PASSWORD=sentinel-plain-1\n");

        Cli.Result encrypt = repo.cli().run("encrypt", "newsvc");
        assertEquals(1, encrypt.exit(), encrypt.toString());
        assertTrue(encrypt.stderr().contains("newsvc/.sops.yaml") && encrypt.stderr().contains("chooses the encryption settings")
                && encrypt.stderr().contains("encrypted_regex '^$'"), encrypt.stderr());
        assertFalse(Files.exists(repo.repo.root.resolve("newsvc/.env.enc")), "written with the planted settings");

        Cli.Result allowed = repo.cli().env("SECRETS_NESTED_CONFIG", "allow").run("encrypt", "newsvc");
        assertEquals(0, allowed.exit(), allowed.toString());
        assertTrue(repo.read("newsvc/.env.enc").contains("sentinel-plain-1"), "the override takes the nested rule");
        Cli.Result validate = repo.cli().run("validate");
        assertTrue(validate.stdout().contains("WARNING newsvc/.env.enc: its encryption settings come from the nested "
                + "newsvc/.sops.yaml, not from the root's .sops.yaml; encrypted_regex '^$'"), validate.stdout());
    }

    @Test
    void theCommitGuardReportsAStagedNestedConfig() throws Exception {
        SharedTestData.requireCommand("git");
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.service("caddy", "TOKEN=sentinel-t-3\n");
        git(repo.repo.root, "init", "-q");
        repo.repo.write("caddy/.sops.yaml", config(otherRecipient()));
        git(repo.repo.root, "add", "caddy/.sops.yaml", "caddy/.env.enc");
        Cli.Result guard = repo.cli().run("guard");
        assertEquals(0, guard.exit(), "a warning, not a refusal: " + guard);
        assertTrue(guard.stderr().contains("WARNING caddy/.sops.yaml: a nested .sops.yaml"), guard.stderr());
        assertTrue(guard.stderr().contains("WARNING caddy/.env.enc: its recipients come from the nested caddy/.sops.yaml"),
                guard.stderr());
    }

    @Test
    void aConfigInAFolderOthersCanWriteIsRefusedUnlessStickyOrListedAsSafe() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        chmod("0777", shared);
        ServiceRepo repo = new ServiceRepo(shared);
        repo.repo.write("app/.env", "TOKEN=sentinel-t-4\n");
        Path root = repo.repo.root;
        chmod("0777", root); // the repo folder itself: anyone can swap its .sops.yaml
        Cli.Result refused = repo.cli().run("encrypt", "app");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("not trusted") && refused.stderr().contains("writable by other users"),
                refused.stderr());
        assertTrue(Files.exists(root.resolve("app/.env")) && !Files.exists(root.resolve("app/.env.enc")));

        Cli.Result safe = repo.cli().env("SECRETS_SAFE_CONFIG", root.toString()).run("encrypt", "app");
        assertEquals(0, safe.exit(), safe.toString());

        repo.repo.write("app/.env", "TOKEN=sentinel-t-5\n");
        Files.delete(root.resolve("app/.env.enc"));
        chmod("1777", root); // sticky: others cannot replace what is ours
        chmod("1777", shared);
        Cli.Result sticky = repo.cli().run("encrypt", "app");
        assertEquals(0, sticky.exit(), sticky.toString());
    }

    @Test
    void aConfigOwnedByAnotherUserIsRefused() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.repo.write("app/.env", "TOKEN=sentinel-t-6\n");
        Path config = repo.repo.root.resolve(".sops.yaml");
        if (new ProcessBuilder("chown", "65534", config.toString()).inheritIO().start().waitFor() != 0) {
            System.err.println("SKIPPED: cannot give a file to another user here (not root)");
            return;
        }
        Cli.Result refused = repo.cli().run("encrypt", "app");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("not trusted") && refused.stderr().contains("not by you"), refused.stderr());
        assertTrue(Files.exists(repo.repo.root.resolve("app/.env")));
        Cli.Result safe = repo.cli().env("SECRETS_SAFE_CONFIG", config.toString()).run("encrypt", "app");
        assertEquals(0, safe.exit(), safe.toString());
    }

    @Test
    void encryptKeepsThePlaintextWhenNoneOfTheUsersKeysOpensTheResult() throws Exception {
        ServiceRepo repo = new ServiceRepo(tmp);
        repo.repo.write(".sops.yaml", config(otherRecipient()));
        repo.repo.write("app/.env", "TOKEN=sentinel-t-7\n");
        Cli.Result kept = repo.cli().run("encrypt", "app");
        assertEquals(128, kept.exit(), kept.toString());
        assertTrue(kept.stderr().contains("none of your keys opens it"), kept.stderr());
        assertTrue(Files.exists(repo.repo.root.resolve("app/.env")), "the only readable copy was removed");

        // no key of the user's at all (a CI job encrypting for the team): removed, with a loud warning
        Files.delete(repo.repo.root.resolve("app/.env.enc"));
        Cli.Result noKey = new Cli().dir(repo.repo.root).run("encrypt", "app");
        assertEquals(0, noKey.exit(), noKey.toString());
        assertTrue(noKey.stderr().contains("WARNING: no age key of yours"), noKey.stderr());
        assertFalse(Files.exists(repo.repo.root.resolve("app/.env")));

        Path file = Files.writeString(tmp.resolve("plain.yaml"), "token: sentinel-t-8\n");
        Cli.Result inPlace = repo.cli().dir(tmp).run("encrypt", "--age", otherRecipient(), "-i", file.toString());
        assertEquals(128, inPlace.exit(), inPlace.toString());
        assertEquals("token: sentinel-t-8\n", Files.readString(file));
    }

    private static void chmod(String mode, Path p) throws Exception {
        assertEquals(0, new ProcessBuilder("chmod", mode, p.toString()).inheritIO().start().waitFor());
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
    }
}
