package dev.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity files encrypted with an age passphrase (scrypt) by typage, the independent reference,
 * found by key discovery: the passphrase is asked once, only when no plain identity opens the file;
 * a wrong one, or none to be had, is exit 128 with one line naming the identity file.
 */
class EncryptedIdentityFileTest {
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path tmp;
    AgeKeygen key;
    byte[] encrypted;
    final List<String> asked = new ArrayList<>();

    @BeforeEach
    void setUp() {
        key = AgeKeygen.generate();
        encrypted = Sops.encrypt("TOKEN=s3cr3t\n".getBytes(StandardCharsets.UTF_8), Format.DOTENV,
                EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey()))));
    }

    private PassphrasePrompt answering(String passphrase) {
        return location -> {
            asked.add(location);
            return passphrase.getBytes(StandardCharsets.UTF_8);
        };
    }

    private Path protectedKeys(boolean armor, int logN) throws Exception {
        byte[] file = Typage.require().encryptWithPassphrase(PASSPHRASE, logN, armor,
                key.render().getBytes(StandardCharsets.UTF_8));
        byte[] binary = armor ? AgeTestSupport.dearmor(new String(file, StandardCharsets.US_ASCII)) : file;
        assertTrue(new String(binary, StandardCharsets.ISO_8859_1).startsWith("age-encryption.org/v1\n-> scrypt "),
                "typage wrote no scrypt stanza");
        return Files.write(tmp.resolve(armor ? "keys.age.txt" : "keys.age"), file);
    }

    private List<Identity> discovered(Map<String, String> env, PassphrasePrompt prompt) {
        return List.of(new AgeKeyDiscovery(env, tmp, AgeKeyDiscovery.Os.LINUX, prompt).identities());
    }

    private static String token(List<Identity> ids, byte[] file) {
        try (DecryptedFile opened = Sops.decrypt(file, Format.DOTENV, ids)) {
            return String.valueOf(opened.toMap().get("TOKEN"));
        }
    }

    @Test
    void armoredAndBinaryFilesOpenWithThePassphraseAskedOnce() throws Exception {
        for (boolean armor : new boolean[] {true, false}) {
            asked.clear();
            List<Identity> ids = discovered(Map.of("SOPS_AGE_KEY_FILE", protectedKeys(armor, 10).toString()),
                    answering(PASSPHRASE));
            assertEquals(List.of(), asked, "asked before a file needed the identity");
            assertEquals("s3cr3t", token(ids, encrypted));
            assertEquals("s3cr3t", token(ids, encrypted));
            assertEquals(List.of("SOPS_AGE_KEY_FILE"), asked);
        }
    }

    @Test
    void typagesDefaultWorkFactorOpensInTheDefaultKeysFile() throws Exception {
        Path keys = protectedKeys(true, 18);
        Path dir = Files.createDirectories(tmp.resolve("xdg/sops/age"));
        Files.copy(keys, dir.resolve("keys.txt"));
        List<Identity> ids = discovered(Map.of("XDG_CONFIG_HOME", tmp.resolve("xdg").toString()), answering(PASSPHRASE));
        assertEquals("s3cr3t", token(ids, encrypted));
        assertEquals(List.of(dir.resolve("keys.txt").toString()), asked);
    }

    @Test
    void keyCommandOutputMayBeProtectedToo() throws Exception {
        Path keys = protectedKeys(false, 10);
        List<Identity> ids = discovered(Map.of("SOPS_AGE_KEY_CMD", "cat " + keys), answering(PASSPHRASE));
        assertEquals("s3cr3t", token(ids, encrypted));
        assertEquals(List.of("SOPS_AGE_KEY_CMD"), asked);
    }

    @Test
    void notAskedWhenAPlainIdentityOpensTheFile() throws Exception {
        Path keys = protectedKeys(true, 10);
        // the plain key in keys.txt, which discovery finds after SOPS_AGE_KEY_FILE
        Path dir = Files.createDirectories(tmp.resolve("xdg/sops/age"));
        Files.writeString(dir.resolve("keys.txt"), key.render());
        List<Identity> ids = discovered(Map.of("SOPS_AGE_KEY_FILE", keys.toString(),
                "XDG_CONFIG_HOME", tmp.resolve("xdg").toString()), answering("never asked"));
        assertEquals("s3cr3t", token(ids, encrypted));
        assertEquals(List.of(), asked);
    }

    @Test
    void wrongPassphraseIsExit128OnOneLineAskedOnce() throws Exception {
        List<Identity> ids = discovered(Map.of("SOPS_AGE_KEY_FILE", protectedKeys(true, 10).toString()),
                answering("wrong"));
        for (int i = 0; i < 2; i++) {
            SopsException e = assertThrows(SopsException.class, () -> token(ids, encrypted));
            assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
            assertTrue(e.getMessage().endsWith("; identity file 'SOPS_AGE_KEY_FILE': incorrect passphrase"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(1, asked.size());
    }

    @Test
    void noTerminalIsAClearError() throws Exception {
        List<Identity> ids = discovered(Map.of("SOPS_AGE_KEY_FILE", protectedKeys(true, 10).toString()), location -> {
            throw new IllegalStateException("cannot ask for the passphrase of identity '" + location + "': no terminal");
        });
        SopsException e = assertThrows(SopsException.class, () -> token(ids, encrypted));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertTrue(e.getMessage().endsWith("; cannot ask for the passphrase of identity 'SOPS_AGE_KEY_FILE': no terminal"),
                e.getMessage());
    }

    @Test
    void anotherKeysFileDoesNotMatchAndSaysSo() throws Exception {
        Path keys = protectedKeys(true, 10);
        key = AgeKeygen.generate(); // the file is now for another key
        byte[] other = Sops.encrypt("TOKEN=x\n".getBytes(StandardCharsets.UTF_8), Format.DOTENV,
                EncryptionRule.of(List.of(AgeRecipient.parse(key.publicKey()))));
        List<Identity> ids = discovered(Map.of("SOPS_AGE_KEY_FILE", keys.toString()), answering(PASSPHRASE));
        SopsException e = assertThrows(SopsException.class, () -> token(ids, other));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        assertFalse(e.getMessage().contains("AGE-SECRET-KEY"), e.getMessage());
    }
}
