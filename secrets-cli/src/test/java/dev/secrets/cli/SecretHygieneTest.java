package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // TOKEN also goes to a secret file: deploy writes it, down removes it, neither prints it
        repo.write("caddy/docker-compose.yml", "services: {}\nsecrets:\n  token:\n    file: ${SECRETS_DIR}/TOKEN\n");
        repo.write("caddy/.env", "TOKEN=" + SENTINEL + "\nOTHER=CHANGE_ME\n");
        repo.write("app.yaml", "db:\n    password: " + SENTINEL + "\n");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path editor = tmp.resolve("edit.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/^OTHER=.*/OTHER=x/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path auditLog = tmp.resolve("state/audit.log");
        Cli cli = repo.cli().env("PATH", bin + ":" + System.getenv("PATH")).env("EDITOR", editor.toString())
                .env("SECRETS_AUDIT", "on").env("SECRETS_AUDIT_LOG", auditLog.toString());

        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"encrypt", "caddy"});
        runs.add(new String[] {"encrypt", "-i", "app.yaml"});
        runs.add(new String[] {"deploy", "caddy", "--dry-run"});
        runs.add(new String[] {"deploy", "caddy"});
        runs.add(new String[] {"down", "caddy", "--dry-run"});
        runs.add(new String[] {"down", "caddy"});
        runs.add(new String[] {"exec-env", "caddy", "--", "true"});
        runs.add(new String[] {"exec-file", "caddy", "--", "true {}"});
        runs.add(new String[] {"edit", "caddy"});
        runs.add(new String[] {"set", "caddy", "NEW", "--value", "v"});
        runs.add(new String[] {"unset", "caddy", "NEW"});
        runs.add(new String[] {"list"});
        runs.add(new String[] {"list", "--json"});
        runs.add(new String[] {"validate"});
        runs.add(new String[] {"generate", "caddy", "API", "--type", "hex:16"});
        runs.add(new String[] {"renew", "API", "--type", "hex:16", "-y"});
        runs.add(new String[] {"export", "--json"});
        runs.add(new String[] {"export", "--k8s", "caddy"});
        runs.add(new String[] {"list", "--older-than", "1d"});
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
        for (String[] args : new String[][] {{"audit"}, {"audit", "--json"}, {"audit", "--verify"}}) {
            Cli.Result r = cli.run(args);
            assertEquals(0, r.exit(), r.toString());
            check(r, String.join(" ", args), seen);
        }
        // deploy and down (each also --dry-run), exec-env, exec-file, edit, set, unset, renew (1 holder), updatekeys,
        // rotate (1, then --all: 3 files with export's k8s Secret), decrypt (2); key names only in the log
        String audited = cli.run("audit").stdout();
        assertEquals(17, audited.lines().count(), "the verbs were not all audited");
        Files.deleteIfExists(repo.root.resolve("caddy/.env"));
        // failures: a tampered file and a missing key
        String enc = repo.read("caddy/.env.enc");
        int at = enc.indexOf("data:") + 6;
        repo.write("caddy/.env.enc", enc.substring(0, at) + (enc.charAt(at) == 'A' ? 'B' : 'A') + enc.substring(at + 1));
        for (String[] args : new String[][] {{"decrypt", "caddy", "--stdout"}, {"deploy", "caddy"}, {"edit", "caddy"},
            {"exec-env", "caddy", "env"}, {"set", "caddy", "K", "--value", "v"}, {"validate"}}) {
            check(cli.run(args), String.join(" ", args) + " (tampered)", seen);
        }
        Cli noKey = new Cli().dir(repo.root).env("PATH", bin + ":" + System.getenv("PATH"))
                .env("SECRETS_AUDIT", "on").env("SECRETS_AUDIT_LOG", auditLog.toString());
        check(noKey.run("decrypt", "app.yaml"), "decrypt without a key", seen);
        check(noKey.run("list"), "list without a key", seen);
        assertFalse(seen.isEmpty());
        // the audit log names keys and files, never a value, on success and on failure
        String logged = Files.readString(auditLog);
        assertTrue(logged.contains("\"TOKEN\"") && logged.contains("\"outcome\":\"failed\""), logged);
        for (String part : new String[] {SENTINEL, "7f3a9c", "do-not-print"}) {
            assertFalse(logged.contains(part), "the audit log holds (part of) the secret: " + logged);
        }
    }

    /**
     * Parser and decoder errors (snakeyaml, jackson, dotenv, INI, the value cipher) can quote the input
     * they stopped at: the sentinel sits right at the error point of each broken input, and no part
     * of it may show. Every run must fail (and say which file), and nothing is written.
     */
    @Test
    void parseErrorsNeverQuoteTheInput() throws IOException {
        TestRepo repo = new TestRepo(tmp.resolve("repo"));
        Cli cli = repo.cli();
        List<String> seen = new ArrayList<>();
        // encrypt SERVICE: a malformed .env stays as it was
        repo.write("caddy/docker-compose.yml", "services: {}\n");
        repo.write("caddy/.env", "OK=1\n" + SENTINEL + "\n");
        failing(cli.run("encrypt", "caddy"), "encrypt SERVICE, line without =", seen);
        assertEquals("OK=1\n" + SENTINEL + "\n", repo.read("caddy/.env"));
        assertFalse(repo.exists("caddy/.env.enc"));
        // encrypt FILE: each store, the sentinel where the parser stops
        String[][] broken = {
            {"escape.yaml", "db:\n    password: \"" + SENTINEL + "\\q\"\n"},
            {"colon.yaml", "db:\n    password: " + SENTINEL + ": x\n"},
            {"flow.yaml", "db: [" + SENTINEL + "\n"},
            {"tab.yaml", "db:\n\tpassword: " + SENTINEL + "\n"},
            {"tag.yaml", "port: !!int " + SENTINEL + "\n"},
            {"anchor.yaml", "a: &x\n  - 1\nb: \"" + SENTINEL + "\" x\n"},
            {"bare.json", "{\"password\": " + SENTINEL + "}"},
            {"open.json", "{\"password\": \"" + SENTINEL},
            {"escape.json", "{\"password\": \"" + SENTINEL + "\\q\"}"},
            {"noequals.env", SENTINEL + "\n"},
            {"nodelim.ini", "[db]\n" + SENTINEL + "\n"},
            {"quote.ini", "[db]\npassword = \"\"\"" + SENTINEL + "\n"},
        };
        for (String[] f : broken) {
            repo.write(f[0], f[1]);
            failing(cli.run("encrypt", f[0]), "encrypt " + f[0], seen);
            failing(cli.run("encrypt", "-i", f[0]), "encrypt -i " + f[0], seen);
            assertEquals(f[1], repo.read(f[0]), f[0] + " was changed");
        }
        // edit: the editor leaves an invalid file with the sentinel at the error
        repo.write("caddy/.env", "OK=1\n");
        assertEquals(0, cli.run("encrypt", "caddy").exit());
        repo.write("app.yaml", "db:\n    password: old\n");
        assertEquals(0, cli.run("encrypt", "-i", "app.yaml").exit());
        String caddyBefore = repo.read("caddy/.env.enc");
        String appBefore = repo.read("app.yaml");
        Path editor = tmp.resolve("break.sh");
        Files.writeString(editor, "#!/bin/sh\ncase \"$1\" in\n"
                + "  *.yaml) sed -i 's/password: old/password: \"" + SENTINEL + "\\\\q\"/' \"$1\" ;;\n"
                + "  *) echo '" + SENTINEL + "' >> \"$1\" ;;\nesac\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        failing(cli.env("EDITOR", editor.toString()).run("edit", "caddy"), "edit SERVICE into a bad .env", seen);
        failing(cli.run("edit", "app.yaml"), "edit FILE into bad YAML", seen);
        assertEquals(caddyBefore, repo.read("caddy/.env.enc"));
        assertEquals(appBefore, repo.read("app.yaml"));
        // a plaintext value pasted into an encrypted file, a value cipher field replaced by it
        repo.write("pasted.env", caddyBefore.replaceFirst("(?m)^OK=.*$", "OK=" + SENTINEL));
        failing(cli.run("decrypt", "pasted.env"), "decrypt a pasted plaintext value", seen);
        repo.write("field.env", caddyBefore.replaceFirst("(?m)^(OK=ENC\\[AES256_GCM,data:)[^,]*", "$1" + SENTINEL));
        failing(cli.run("decrypt", "field.env"), "decrypt a replaced data field", seen);
        failing(cli.run("set", "caddy", "K", "{\"a\": " + SENTINEL), "set with broken JSON", seen);
        // complex values where only strings fit
        repo.write("nested.yaml", "db:\n    password: " + SENTINEL + "\n");
        assertEquals(0, cli.run("encrypt", "-i", "nested.yaml").exit());
        failing(cli.run("exec-env", "nested.yaml", "true"), "exec-env with a nested value", seen);
        failing(cli.run("decrypt", "--output-type", "dotenv", "nested.yaml"), "decrypt nested YAML as dotenv", seen);
        failing(cli.run("decrypt", "--extract", "[\"db\"][\"password\"][\"x\"]", "nested.yaml"), "extract below a value", seen);
        assertEquals(broken.length * 2 + 9, seen.size());
    }

    private static void failing(Cli.Result r, String what, List<String> seen) {
        assertNotEquals(0, r.exit(), what + " succeeded: " + r);
        check(r, what, seen);
        assertFalse(r.stderr().contains("internal error"), what + ": " + r.stderr());
    }

    private static void check(Cli.Result r, String what, List<String> seen) {
        for (String part : new String[] {SENTINEL, "7f3a9c", "do-not-print"}) {
            assertFalse(r.stdout().contains(part), what + " printed (part of) the secret on stdout: " + r.stdout());
            assertFalse(r.stderr().contains(part), what + " printed (part of) the secret on stderr: " + r.stderr());
        }
        seen.add(what);
    }
}
