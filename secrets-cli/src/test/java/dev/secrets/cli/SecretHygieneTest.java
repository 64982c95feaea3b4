package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A known sentinel value never appears in what a verb prints, except where printing plaintext is the
 * verb's job (decrypt to stdout, exec-env's command, extract): every other verb is run, on success
 * and on failure (tampered file, missing key), and its stdout and stderr are searched. The success
 * paths run with {@code --verbose}, which prints every step.
 */
class SecretHygieneTest {
    static final String SENTINEL = "SENTINEL-7f3a9c-do-not-print";

    @TempDir
    Path tmp;

    @Test
    void noVerbPrintsTheSecret() throws IOException {
        TestRepo repo = new TestRepo(tmp.resolve("repo"));
        repo.write("caddy/docker-compose.yml", "services: {}\n");
        repo.write("caddy/.env", "TOKEN=" + SENTINEL + "\nOTHER=CHANGE_ME\n");
        repo.write("app.yaml", "db:\n    password: " + SENTINEL + "\n");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path editor = tmp.resolve("edit.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/^OTHER=.*/OTHER=x/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli cli = repo.cli().env("PATH", bin + ":" + System.getenv("PATH")).env("EDITOR", editor.toString());

        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"encrypt", "caddy"});
        runs.add(new String[] {"encrypt", "-i", "app.yaml"});
        runs.add(new String[] {"deploy", "caddy", "--dry-run"});
        runs.add(new String[] {"deploy", "caddy"});
        runs.add(new String[] {"edit", "caddy"});
        runs.add(new String[] {"set", "caddy", "NEW", "--value", "v"});
        runs.add(new String[] {"unset", "caddy", "NEW"});
        runs.add(new String[] {"list"});
        runs.add(new String[] {"list", "--json"});
        runs.add(new String[] {"validate"});
        runs.add(new String[] {"generate", "caddy", "API", "--type", "hex:16"});
        runs.add(new String[] {"filestatus", "app.yaml"});
        runs.add(new String[] {"updatekeys", "-y", "caddy"});
        runs.add(new String[] {"rotate", "caddy"});
        runs.add(new String[] {"rotate", "--all"});
        runs.add(new String[] {"decrypt", "caddy"});           // writes caddy/.env, prints nothing secret
        runs.add(new String[] {"decrypt", "caddy"});           // second time: .env exists and matches
        List<String> seen = new ArrayList<>();
        int succeeded = 0;
        for (String[] args : runs) {
            String[] verbose = new String[args.length + 1];
            verbose[0] = "--verbose";
            System.arraycopy(args, 0, verbose, 1, args.length);
            Cli.Result r = cli.run(verbose);
            succeeded += r.exit() == 0 ? 1 : 0;
            boolean stepsShown = r.stderr().contains("secrets: writing ") || r.stderr().contains(" bytes read");
            // --verbose really printed steps: every verb but filestatus reads or writes a sops file
            assertEquals(!args[0].equals("filestatus"), stepsShown, String.join(" ", verbose) + ": " + r.stderr());
            check(r, String.join(" ", verbose), seen);
        }
        // the success paths really ran (validate finds the placeholder and exits 1; the rest succeed)
        assertEquals(runs.size() - 1, succeeded);
        Files.deleteIfExists(repo.root.resolve("caddy/.env"));
        // failures: a tampered file and a missing key
        String enc = repo.read("caddy/.env.enc");
        int at = enc.indexOf("data:") + 6;
        repo.write("caddy/.env.enc", enc.substring(0, at) + (enc.charAt(at) == 'A' ? 'B' : 'A') + enc.substring(at + 1));
        for (String[] args : new String[][] {{"decrypt", "caddy", "--stdout"}, {"deploy", "caddy"}, {"edit", "caddy"},
            {"exec-env", "caddy", "env"}, {"set", "caddy", "K", "--value", "v"}, {"validate"}}) {
            check(cli.run(args), String.join(" ", args) + " (tampered)", seen);
        }
        Cli noKey = new Cli().dir(repo.root).env("PATH", bin + ":" + System.getenv("PATH"));
        check(noKey.run("decrypt", "app.yaml"), "decrypt without a key", seen);
        check(noKey.run("list"), "list without a key", seen);
        assertFalse(seen.isEmpty());
    }

    private static void check(Cli.Result r, String what, List<String> seen) {
        assertFalse(r.stdout().contains(SENTINEL), what + " printed the secret on stdout");
        assertFalse(r.stderr().contains(SENTINEL), what + " printed the secret on stderr");
        seen.add(what);
    }
}
