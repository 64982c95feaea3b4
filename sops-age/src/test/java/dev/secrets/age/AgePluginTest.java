package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.testing.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The age plugin client against a plugin program written for the test
 * (src/test/resources/age-plugin-xortest.py, the spec's recipient-v1 and identity-v1 state
 * machines with an XOR wrap), installed as {@code age-plugin-xor*} in a folder the build puts on
 * {@code PATH}. The age CLI, running the same plugin, is the independent client.
 */
class AgePluginTest {
    private static final String[] VARIANTS = {"ok", "error", "msg", "pin", "confirm", "echo"};

    @TempDir
    Path tmp;

    private final byte[] key = random(16);

    @BeforeAll
    static void installPlugins() throws IOException {
        boolean python = AgeTestSupport.hasCommand("python3");
        if (!python) {
            System.err.println("SKIPPED: python3 is not on PATH; age plugin tests not run");
        }
        assumeTrue(python, "python3 absent");
        Path dir = null;
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            if (d.endsWith(File.separator + "age-plugins")) {
                dir = Path.of(d);
            }
        }
        assertTrue(dir != null, "the build puts target/age-plugins on PATH (sops-age/pom.xml)");
        Files.createDirectories(dir);
        Path script;
        try {
            script = Path.of(AgePluginTest.class.getResource("/age-plugin-xortest.py").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        for (String variant : VARIANTS) {
            Path program = dir.resolve("age-plugin-" + name(variant));
            Files.writeString(program, "#!/bin/sh\nexec python3 '" + script + "' " + variant + " \"$@\"\n");
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static String name(String variant) {
        return variant.equals("ok") ? "xortest" : "xor" + variant;
    }

    private String recipient(String variant) {
        return LongBech32.encode("age1" + name(variant), key);
    }

    private String identity(String variant) {
        return LongBech32.encode("AGE-PLUGIN-" + name(variant).toUpperCase(Locale.ROOT) + "-", key);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static List<Identity> ids(String keysText) {
        return List.of(AgeIdentities.of(AgeKeyFile.parse(keysText), "test keys"));
    }

    private static final String PLAIN = "DB_PASSWORD=hunter2\nAPI_TOKEN=t0k3n\n";

    private byte[] encrypt(String... recipients) {
        List<AgeRecipient> rs = java.util.Arrays.stream(recipients).map(AgeRecipient::parse).toList();
        return Sops.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), Format.DOTENV, EncryptionRule.of(rs));
    }

    @Test
    void sopsFileRoundTripsThroughThePluginNextToAnX25519Key() throws Exception {
        AgeKeygen classic = AgeKeygen.generate();
        byte[] encrypted = encrypt(recipient("ok"), classic.publicKey());
        String text = new String(encrypted, StandardCharsets.UTF_8);
        List<String> encs = AgeTestSupport.armoredEncs(text);
        assertEquals(2, encs.size());
        String tag = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        assertTrue(AgeTestSupport.header(encs.get(0)).contains("\n-> xortest " + tag + "\n"), encs.get(0));
        assertEquals(1, AgeTestSupport.stanzaCount(encs.get(0)));

        try (DecryptedFile opened = Sops.decrypt(encrypted, Format.DOTENV, ids("# plugin\n" + identity("ok") + "\n"))) {
            assertEquals("hunter2", opened.toMap().get("DB_PASSWORD"));
        }
        // The independent oracle opens the file with the X25519 key; the age CLI (running the same
        // plugin) opens the plugin's entry to the same data key.
        Path file = Files.write(tmp.resolve("secrets.env"), encrypted);
        Oracle.Result oracle = Oracle.run(file, "dotenv", "--age-key-file",
                Files.writeString(tmp.resolve("classic.txt"), classic.render()).toString());
        assertEquals(0, oracle.exitCode(), oracle.stderr());
        if (ageCli()) {
            Path idFile = Files.writeString(tmp.resolve("plugin-id.txt"), identity("ok") + "\n");
            AgeTestSupport.Result r = AgeTestSupport.run(encs.get(0).getBytes(StandardCharsets.US_ASCII),
                    "age", "-d", "-i", idFile.toString());
            assertEquals(0, r.code(), r.stderr());
            assertEquals(oracle.dataKeyHex(), HexFormat.of().formatHex(r.stdout()));
        }
    }

    @Test
    void opensWhatTheAgeCliWrappedThroughThePlugin() throws Exception {
        assumeTrue(ageCli(), "age CLI absent");
        byte[] dataKey = random(32);
        AgeTestSupport.Result r = AgeTestSupport.run(dataKey, "age", "-e", "-a", "-r", recipient("ok"));
        assertEquals(0, r.code(), r.stderr());
        byte[] back = AgeArmoredFile.decrypt(r.out(), new AnyIdentityReader(AgeKeyFile.parse(identity("ok"))));
        assertArrayEquals(dataKey, back);
    }

    @Test
    void anotherKeyOfThePluginDoesNotOpenTheFile() {
        byte[] encrypted = encrypt(recipient("ok"));
        String other = LongBech32.encode("AGE-PLUGIN-XORTEST-", random(16));
        SopsException e = assertThrows(SopsException.class, () -> Sops.decrypt(encrypted, Format.DOTENV, ids(other)));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertTrue(e.getMessage().contains(AnyIdentityReader.NO_MATCH), e.getMessage());
    }

    @Test
    void pluginErrorsAreReported() {
        SopsException wrap = assertThrows(SopsException.class, () -> encrypt(recipient("error")));
        assertTrue(wrap.getMessage().contains("xorerror plugin: the test token is not plugged in"), wrap.getMessage());

        byte[] encrypted = encrypt(recipient("ok"));
        SopsException unwrap = assertThrows(SopsException.class,
                () -> Sops.decrypt(encrypted, Format.DOTENV, ids(identity("error"))));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, unwrap.exitCode());
        assertTrue(unwrap.getMessage().contains("age-plugin-xorerror: the test token is not plugged in"), unwrap.getMessage());
    }

    @Test
    void missingPluginIsNamed() {
        String r = LongBech32.encode("age1nosuchplugin", key);
        SopsException e = assertThrows(SopsException.class, () -> encrypt(r));
        assertTrue(e.getMessage().contains("age-plugin-nosuchplugin not found on PATH"), e.getMessage());
    }

    @Test
    void aFailingPluginIdentityDoesNotHideAnotherKeyThatOpens() {
        AgeKeygen classic = AgeKeygen.generate();
        byte[] encrypted = encrypt(classic.publicKey());
        String missing = LongBech32.encode("AGE-PLUGIN-NOSUCHPLUGIN-", key);
        try (DecryptedFile opened = Sops.decrypt(encrypted, Format.DOTENV,
                ids(missing + "\n" + identity("error") + "\n" + classic.render()))) {
            assertEquals("hunter2", opened.toMap().get("DB_PASSWORD"));
        }
        SopsException alone = assertThrows(SopsException.class, () -> Sops.decrypt(encrypted, Format.DOTENV, ids(missing)));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, alone.exitCode());
        assertTrue(alone.getMessage().contains("age plugin age-plugin-nosuchplugin: couldn't start plugin: "
                + "age-plugin-nosuchplugin not found on PATH"), alone.getMessage());
        assertTrue(!alone.getMessage().contains("corrupt"), alone.getMessage());
    }

    @Test
    void pluginMessagesGoToStderr() {
        String wrapErr = captureStderr(() -> encrypt(recipient("msg")));
        assertTrue(wrapErr.contains("xormsg plugin: touch your test token (it blinks until touched, as a hardware key does)\n"), wrapErr);
        byte[] encrypted = encrypt(recipient("ok"));
        String unwrapErr = captureStderr(() -> {
            try (DecryptedFile opened = Sops.decrypt(encrypted, Format.DOTENV, ids(identity("msg")))) {
                assertEquals("t0k3n", opened.toMap().get("API_TOKEN"));
            }
            return null;
        });
        assertTrue(unwrapErr.contains("xormsg plugin: touch your test token (it blinks until touched, as a hardware key does)\n"), unwrapErr);
    }

    @Test
    void questionsWithoutATerminalFailClearly() {
        boolean tty = System.console() != null;
        try (FileInputStream in = new FileInputStream("/dev/tty")) {
            tty = true;
        } catch (IOException e) {
            // no controlling terminal: what this test needs
        }
        if (tty) {
            System.err.println("SKIPPED: a terminal is attached; the no-terminal answers are not tested");
        }
        assumeTrue(!tty, "terminal attached");
        byte[] encrypted = encrypt(recipient("ok"));
        for (String variant : List.of("pin", "confirm")) {
            SopsException e = assertThrows(SopsException.class,
                    () -> Sops.decrypt(encrypted, Format.DOTENV, ids(identity(variant))));
            assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
            assertTrue(e.getMessage().contains("there is no terminal to ask on"), e.getMessage());
        }
    }

    @Test
    void stanzaFramingSurvivesThePlugin() throws Exception {
        // 48 bytes is exactly one 64-column line: the body must then end with an empty line.
        int[] sizes = {0, 1, 47, 48, 49, 96, 300};
        try (PluginConnection c = PluginConnection.open("xorecho", "recipient-v1")) {
            for (int n : sizes) {
                c.write("grease-" + n, List.of("a", String.valueOf(n)), body(n));
            }
            c.write("done");
            for (int n : sizes) {
                PluginConnection.Message m = c.read();
                assertEquals("grease-" + n, m.type());
                assertEquals(List.of("a", String.valueOf(n)), m.args());
                assertArrayEquals(body(n), m.body());
            }
            assertEquals("done", c.read().type());
            IOException end = assertThrows(IOException.class, c::read);
            assertTrue(end.getMessage().contains("age-plugin-xorecho exited before finishing the protocol"), end.getMessage());
        }
    }

    private static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + n);
        }
        return b;
    }

    /**
     * A PIN typed on a pseudo-terminal ({@code script}) reaches the plugin; it is not echoed. The
     * child's stdout goes to a file, so the question goes through /dev/tty, as when
     * {@code secrets decrypt > file} runs in a terminal.
     */
    @Test
    void pinIsAskedOnTheTerminalWithoutEcho() throws Exception {
        boolean ok = AgeTestSupport.hasCommand("script") && AgeTestSupport.hasCommand("stty");
        if (!ok) {
            System.err.println("SKIPPED: script or stty absent; terminal question not tested");
        }
        assumeTrue(ok, "script absent");
        byte[] dataKey = random(32);
        Path enc = Files.writeString(tmp.resolve("key.age"), AgeRecipient.parse(recipient("ok")).encrypt(dataKey));
        Path ids = Files.writeString(tmp.resolve("ids.txt"), identity("pin") + "\n");
        Path out = tmp.resolve("out.txt");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String command = String.join(" ", quote(javaBin), "-cp", quote(classPath), PluginPinMain.class.getName(),
                quote(enc.toString()), quote(ids.toString()), ">", quote(out.toString()));
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        StringBuilder screen = new StringBuilder();
        java.io.InputStream in = p.getInputStream();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!screen.toString().contains("Enter the PIN of the test token:") && System.nanoTime() < deadline) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            screen.append((char) c);
        }
        assertTrue(screen.toString().contains("xorpin plugin: Enter the PIN of the test token:"), screen.toString());
        p.getOutputStream().write("123456\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        screen.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(HexFormat.of().formatHex(dataKey), Files.readString(out).strip(), screen.toString());
        assertTrue(!screen.toString().contains("123456"), "the PIN was echoed: " + screen);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void malformedPluginKeysAreRefused() {
        assertThrows(SopsException.class, () -> AgeRecipient.parse(recipient("ok") + "x"));
        SopsException e = assertThrows(SopsException.class, () -> AgeKeyFile.parse(identity("ok") + "Q\n"));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertTrue(e.getMessage().contains("line 1: malformed plugin identity"), e.getMessage());
    }

    private static boolean ageCli() {
        boolean ok = AgeTestSupport.hasCommand("age");
        if (!ok) {
            System.err.println("SKIPPED: the age CLI is not on PATH; plugin interop not run");
        }
        return ok;
    }

    private static String captureStderr(Supplier<Object> action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
