package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With umask 000 (every file a program creates without an explicit mode is 0666, every folder 0777)
 * the plaintext the CLI writes is still owner-only: decrypt SERVICE's .env, --output and -i files,
 * the .env deploy hands compose, edit's and exec-file's temp file and folder, keygen's key file.
 * The stand-ins record what they see, and a file of their own shows the umask really was 000.
 */
class PermissiveUmaskTest {
    static final String ENV = "DOMAIN=example.test\nADMIN_PASS=s3cr3t-umask-value\n";

    @TempDir
    Path tmp;
    TestRepo repo;
    Path bin;
    Path record;

    @BeforeEach
    void setUp() throws IOException {
        repo = new TestRepo(tmp.resolve("repo"));
        repo.write("caddy/docker-compose.yml", "services:\n  caddy:\n    image: caddy:2\n    env_file: .env\n");
        repo.write("caddy/.env", ENV);
        assertEquals(0, repo.cli().run("encrypt", "caddy").exit());
        bin = Files.createDirectories(tmp.resolve("bin"));
        record = tmp.resolve("record");
        // docker: the mode of the .env it is given, and of a file it creates itself (0666 under umask 000)
        script(bin.resolve("docker"), "rec=\"" + record + "\"",
                "stat -c %a .env > \"$rec.env-mode\"",
                "touch \"$rec.own\"; stat -c %a \"$rec.own\" > \"$rec.own-mode\"");
    }

    private Cli cli() {
        return repo.cli().umask("000").env("PATH", bin + ":" + System.getenv("PATH"));
    }

    @Test
    void theStandInsReallyRunUnderUmask000() throws IOException {
        Cli.Result r = cli().run("deploy", "caddy");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("666", read("own-mode"), "the child did not run with umask 000");
        assertEquals("600", read("env-mode"), "deploy's .env");
        assertFalse(repo.exists("caddy/.env"));
    }

    @Test
    void decryptedFilesAreOwnerOnly() {
        Cli.Result r = cli().run("decrypt", "caddy");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("rw-------", PosixModes.of(repo.root.resolve("caddy/.env")));

        assertEquals(0, cli().run("decrypt", "--output", "plain.env", "caddy/.env.enc").exit());
        assertEquals("rw-------", PosixModes.of(repo.root.resolve("plain.env")));

        repo.write("app.yaml", "password: s3cr3t\n");
        assertEquals(0, cli().run("encrypt", "-i", "app.yaml").exit());
        Cli.Result inPlace = cli().run("decrypt", "-i", "app.yaml");
        assertEquals(0, inPlace.exit(), inPlace.toString());
        assertEquals("password: s3cr3t\n", repo.read("app.yaml"));
        assertEquals("rw-------", PosixModes.of(repo.root.resolve("app.yaml")));
    }

    @Test
    void editAndExecFileTempsAre0600In0700Folders() throws IOException {
        Path editor = tmp.resolve("edit.sh");
        script(editor, "rec=\"" + record + "\"",
                "stat -c %a \"$1\" > \"$rec.file\"; stat -c %a \"$(dirname \"$1\")\" > \"$rec.dir\"",
                "touch \"$rec.own\"; stat -c %a \"$rec.own\" > \"$rec.own-mode\"",
                "sed -i 's/^DOMAIN=.*/DOMAIN=edited.test/' \"$1\"");
        Cli.Result r = cli().env("EDITOR", editor.toString()).run("edit", "caddy");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("666", read("own-mode"));
        assertEquals("600", read("file"));
        assertEquals("700", read("dir"));

        Cli.Result x = cli().run("exec-file", "caddy/.env.enc", "--", "sh", "-c", "stat -c %a {}; stat -c %a \"$(dirname {})\"");
        assertEquals(0, x.exit(), x.toString());
        assertEquals("600\n700\n", x.stdout());
    }

    @Test
    void keygenFileIsOwnerOnly() {
        Cli.Result r = cli().run("keygen", "-o", "new-key.txt");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("rw-------", PosixModes.of(repo.root.resolve("new-key.txt")));
        // the folders keygen creates (~/.config/sops/age on a new machine) are owner-only too
        Cli.Result nested = cli().run("keygen", "-o", "config/sops/age/keys.txt");
        assertEquals(0, nested.exit(), nested.toString());
        assertEquals("rw-------", PosixModes.of(repo.root.resolve("config/sops/age/keys.txt")));
        assertEquals("rwx------", PosixModes.of(repo.root.resolve("config/sops/age")));
        assertEquals("rwx------", PosixModes.of(repo.root.resolve("config")));
    }

    private String read(String suffix) throws IOException {
        return Files.readString(Path.of(record + "." + suffix)).strip();
    }

    private static void script(Path p, String... lines) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
