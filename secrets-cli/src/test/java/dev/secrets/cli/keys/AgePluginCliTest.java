package dev.secrets.cli.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secrets.cli.Cli;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * age plugin keys through the CLI: a {@code .sops.yaml} rule and {@code --age} naming a plugin
 * recipient, {@code SOPS_AGE_KEY} and a key file holding the plugin identity. The plugin is sops-age's
 * test plugin (a Python script in that module's test resources), installed as
 * {@code age-plugin-xortest} in the folder this module's build puts on {@code PATH}.
 */
class AgePluginCliTest {
    private static final Path SCRIPT = Path.of("..", "sops-age", "src", "test", "resources", "age-plugin-xortest.py")
            .toAbsolutePath().normalize();
    private static String identity;
    private static String recipient;
    private static String pinIdentity;

    @TempDir
    Path dir;

    @BeforeAll
    static void installPlugin() throws Exception {
        boolean ok = Files.isRegularFile(SCRIPT) && onPath("python3");
        if (!ok) {
            System.err.println("SKIPPED: python3 or " + SCRIPT + " missing; age plugin CLI tests not run");
        }
        assumeTrue(ok, "python3 or the test plugin missing");
        Path plugins = null;
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            if (d.endsWith(File.separator + "age-plugins")) {
                plugins = Path.of(d);
            }
        }
        assertTrue(plugins != null, "the build puts target/age-plugins on PATH (secrets-cli/pom.xml)");
        Files.createDirectories(plugins);
        for (String[] nameAndVariant : new String[][] {{"xortest", "ok"}, {"xorpin", "pin"}}) {
            Path program = plugins.resolve("age-plugin-" + nameAndVariant[0]);
            Files.writeString(program, "#!/bin/sh\nexec python3 '" + SCRIPT + "' " + nameAndVariant[1] + " \"$@\"\n");
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> lines = keygen("xortest");
        identity = lines.get(0);
        recipient = lines.get(1);
        pinIdentity = keygen("xorpin").get(0);
    }

    private static List<String> keygen(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), "keygen", name).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        assertEquals(0, p.waitFor());
        return lines;
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void sopsYamlRuleAndKeyFile() throws IOException {
        Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - age: " + recipient + "\n");
        Files.writeString(dir.resolve("app.yaml"), "password: s3cr3t\n");
        Cli.Result enc = new Cli().dir(dir).run("encrypt", "-i", "app.yaml");
        assertEquals(0, enc.exit(), enc.toString());
        String encrypted = Files.readString(dir.resolve("app.yaml"));
        assertTrue(encrypted.contains("recipient: " + recipient), encrypted);

        Path keys = Files.writeString(dir.resolve("keys.txt"), "# test plugin\n" + identity + "\n");
        Cli.Result dec = new Cli().dir(dir).env("SOPS_AGE_KEY_FILE", keys.toString()).run("decrypt", "app.yaml");
        assertEquals(0, dec.exit(), dec.toString());
        assertEquals("password: s3cr3t\n", dec.stdout());

        Cli.Result none = new Cli().dir(dir).run("decrypt", "app.yaml");
        assertEquals(128, none.exit(), none.toString());
    }

    @Test
    void aPinQuestionWithoutATerminalIsExit128() throws IOException {
        boolean tty = System.console() != null;
        try (java.io.FileInputStream in = new java.io.FileInputStream("/dev/tty")) {
            tty = true;
        } catch (IOException e) {
            // no controlling terminal: what this test needs
        }
        if (tty) {
            System.err.println("SKIPPED: a terminal is attached; the no-terminal answer is not tested");
        }
        assumeTrue(!tty, "terminal attached");
        Files.writeString(dir.resolve("plain.env"), "TOKEN=t0k3n\n");
        assertEquals(0, new Cli().dir(dir).run("encrypt", "--age", recipient, "--output", "secret.env", "plain.env").exit());
        Cli.Result dec = new Cli().dir(dir).env("SOPS_AGE_KEY", pinIdentity).run("decrypt", "secret.env");
        assertEquals(128, dec.exit(), dec.toString());
        assertTrue(dec.stderr().contains("age plugin age-plugin-xorpin: a PIN is needed (the plugin asked for a secret "
                + "(\"Enter the PIN of the test token:\") but there is no terminal to ask on (/dev/tty cannot be opened))"),
                dec.stderr());
        assertEquals("", dec.stdout());
    }

    @Test
    void ageFlagAndSopsAgeKey() throws IOException {
        Files.writeString(dir.resolve("plain.env"), "TOKEN=t0k3n\n");
        Cli.Result enc = new Cli().dir(dir).run("encrypt", "--age", recipient, "--output", "secret.env", "plain.env");
        assertEquals(0, enc.exit(), enc.toString());
        Cli.Result dec = new Cli().dir(dir).env("SOPS_AGE_KEY", identity).run("decrypt", "secret.env");
        assertEquals(0, dec.exit(), dec.toString());
        assertEquals("TOKEN=t0k3n\n", dec.stdout());
    }
}
