package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.testing.Oracle;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PGP files of the corpus (sops' own functional-test key, imported into a throwaway GNUPGHOME) open
 * through gpg, and updatekeys/rotate move copies of them to age: afterwards they open with the age
 * key alone (gpg made unusable) and the independent oracle verifies them.
 */
class PgpMigrationTest {
    @TempDir
    Path tmp;
    Path gnupgHome;
    BulkRepo repo;

    @BeforeEach
    void importKey() throws Exception {
        SharedTestData.requireCommand("gpg");
        gnupgHome = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupgHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder("gpg", "--batch", "--import",
                SharedTestData.corpusDir().resolve("sops-upstream/sops_functional_tests_key.asc").toString());
        pb.environment().put("GNUPGHOME", gnupgHome.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        repo = new BulkRepo(tmp.resolve("repo"), 1);
        Files.writeString(repo.root.resolve(".sops.yaml"), "creation_rules:\n  - age: " + repo.keys.get(0).publicKey() + "\n");
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gnupgHome != null) {
            ProcessBuilder pb = new ProcessBuilder("gpgconf", "--kill", "gpg-agent");
            pb.environment().put("GNUPGHOME", gnupgHome.toString());
            pb.redirectErrorStream(true).start().waitFor();
        }
    }

    @Test
    void updatekeysMovesPgpFilesToAgeKeepingTheDataKey() throws Exception {
        for (String[] f : new String[][] {{"example.yaml", "yaml"}, {"format.enc.env", "dotenv"}, {"example.json", "json"}}) {
            Path copy = copy(f[0]);
            String viaGpg = decrypt(withGpg(), f[0]);
            Cli.Result r = withGpg().run("updatekeys", "-y", f[0]);
            assertEquals(0, r.exit(), f[0] + ": " + r);
            String text = Files.readString(copy);
            assertFalse(text.contains("BEGIN PGP MESSAGE"), f[0] + " still holds a pgp key");
            assertEquals(viaGpg, decrypt(withoutGpg(), f[0]), f[0] + ": age alone must open it");
            Oracle.Result o = Oracle.run(copy, f[1], "--age-key-file", repo.keyFiles.get(0).toString());
            assertEquals(0, o.exitCode(), f[0] + ": " + o.stderr());
            assertEquals(manifestKey("sops-upstream/" + f[0]), o.dataKeyHex(), "updatekeys keeps the data key");
        }
    }

    @Test
    void rotateMovesAPgpFileToAgeWithANewDataKey() throws Exception {
        Path copy = copy("example.yaml");
        String viaGpg = decrypt(withGpg(), "example.yaml");
        Cli.Result r = withGpg().run("rotate", "-i", "example.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(Files.readString(copy).contains("BEGIN PGP MESSAGE"));
        assertEquals(viaGpg, decrypt(withoutGpg(), "example.yaml"));
        Oracle.Result o = Oracle.run(copy, "yaml", "--age-key-file", repo.keyFiles.get(0).toString());
        assertEquals(0, o.exitCode(), o.stderr());
        assertNotEquals(manifestKey("sops-upstream/example.yaml"), o.dataKeyHex());
    }

    @Test
    void withoutTheSecretKeyGpgFailsCleanly() throws Exception {
        copy("example.yaml");
        Cli.Result r = withoutGpg().run("decrypt", "example.yaml");
        assertEquals(128, r.exit(), r.toString());
        assertTrue(r.stderr().contains("pgp"), r.stderr());
    }

    private Path copy(String name) throws Exception {
        return Files.copy(SharedTestData.corpusDir().resolve("sops-upstream").resolve(name), repo.root.resolve(name));
    }

    private Cli withGpg() {
        // the age key does not open pgp files: only gpg can
        return repo.cli(0).env("GNUPGHOME", gnupgHome.toString());
    }

    private Cli withoutGpg() throws Exception {
        return repo.cli(0).env("GNUPGHOME", Files.createDirectories(tmp.resolve("empty-gnupg")).toString())
                .env("SOPS_GPG_EXEC", "/bin/false");
    }

    private static String decrypt(Cli cli, String file) {
        Cli.Result r = cli.run("decrypt", file);
        assertEquals(0, r.exit(), file + ": " + r);
        return r.stdout();
    }

    private static String manifestKey(String file) {
        return SharedTestData.manifest().stream().filter(c -> c.file().equals(file)).findFirst().orElseThrow().dataKeyHex();
    }
}
