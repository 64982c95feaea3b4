package dev.secrets.cli.service;

import dev.secrets.cli.Cli;
import dev.secrets.cli.ServiceRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code secrets generate} through the CLI: formats in the decrypted file, refusals, --missing, one-line diffs. */
class GenerateCommandTest {
    static final String SENTINEL = "sentinel-keep-value-91";
    static final String ENV = "# app\nDB_PASS=CHANGE_ME\nAPI_HEX=\nKEEP=" + SENTINEL + "\nTOKEN=todo\nUNTYPED=changeme\n";

    @TempDir
    Path tmp;
    ServiceRepo repo;

    @BeforeEach
    void setUp() {
        repo = new ServiceRepo(tmp);
        repo.service("app", ENV);
    }

    @Test
    void oneKeyOfEachTypeHasItsFormat() {
        Map<String, String> formats = Map.of(
                "P", "[A-Za-z0-9]{20}",
                "H", "[0-9a-f]{16}",
                "B", "[A-Za-z0-9+/]{32}",
                "U", "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                "W", "^webadmin:\\$2y\\$\\d\\d\\$[./A-Za-z0-9]{53}$");
        Map<String, String> types = Map.of("P", "password:20", "H", "hex:16", "B", "base64:24", "U", "uuid",
                "W", "htpasswd:webadmin");
        for (Map.Entry<String, String> e : types.entrySet()) {
            Cli.Result r = repo.cli().run("generate", "app", e.getKey(), "--type", e.getValue());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.stdout().contains(e.getKey() + " (" + e.getValue() + ")"), r.stdout());
        }
        Map<String, String> values = repo.values("app");
        for (Map.Entry<String, String> e : formats.entrySet()) {
            assertTrue(values.get(e.getKey()).matches(e.getValue()), e.getKey() + " has the wrong format");
        }
        String hash = values.get("W").substring("webadmin:".length());
        assertTrue(Htpasswd.check(hash, values.get("W_PASSWORD")), "the htpasswd hash verifies with its stored password");
        assertEquals(SENTINEL, values.get("KEEP"));
        assertFalse(repo.repo.exists("app/.env"), "no plaintext on disk");
    }

    @Test
    void refusesToOverwriteWithoutForceAndChangesOneLineWithIt() {
        String before = repo.read("app/.env.enc");
        for (String key : new String[] {"KEEP", "DB_PASS"}) { // a real value, and a placeholder
            Cli.Result r = repo.cli().run("generate", "app", key, "--type", "password:16");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.stderr().contains(key) && r.stderr().contains("--force"), r.stderr());
            assertEquals(before, repo.read("app/.env.enc"), "nothing written");
        }
        // an empty value needs no --force
        assertEquals(0, repo.cli().run("generate", "app", "API_HEX", "--type", "hex:8").exit());
        String mid = repo.read("app/.env.enc");
        assertEquals(1, ServiceRepo.changedDataLines(before, mid));
        Cli.Result forced = repo.cli().run("generate", "app", "KEEP", "--type", "password:16", "--force");
        assertEquals(0, forced.exit(), forced.toString());
        assertEquals(1, ServiceRepo.changedDataLines(mid, repo.read("app/.env.enc")));
        assertTrue(repo.values("app").get("KEEP").matches("[A-Za-z0-9]{16}"));
    }

    @Test
    void manualAndBadTypesAreRefused() {
        String before = repo.read("app/.env.enc");
        Cli.Result manual = repo.cli().run("generate", "app", "NEW", "--type", "manual");
        assertEquals(1, manual.exit());
        assertTrue(manual.stderr().contains("secrets set app NEW"), manual.stderr());
        assertNotEquals(0, repo.cli().run("generate", "app", "NEW", "--type", "password:0").exit());
        assertNotEquals(0, repo.cli().run("generate", "app", "NEW").exit());
        assertNotEquals(0, repo.cli().run("generate", "app", "NEW", "--type", "uuid", "--missing").exit());
        assertNotEquals(0, repo.cli().run("generate", "nosuch", "NEW", "--type", "uuid").exit());
        assertEquals(before, repo.read("app/.env.enc"));
    }

    @Test
    void missingFillsOnlyDeclaredEmptyOrPlaceholderKeys() {
        repo.repo.write("app/secrets.types", "# types\nDB_PASS=password:24\nAPI_HEX=hex:16\nKEEP=password:8\n"
                + "TOKEN=manual\nSESSION=base64:32\nADMIN=htpasswd:admin\n");
        String before = repo.read("app/.env.enc");
        Cli.Result r = repo.cli().run("generate", "app", "--missing");
        assertEquals(0, r.exit(), r.toString());
        Map<String, String> v = repo.values("app");
        assertTrue(v.get("DB_PASS").matches("[A-Za-z0-9]{24}"));
        assertTrue(v.get("API_HEX").matches("[0-9a-f]{16}"));
        assertTrue(v.get("SESSION").matches("[A-Za-z0-9+/]{43}="), "absent declared keys are added");
        assertTrue(v.get("ADMIN").matches("^admin:\\$2y\\$\\d\\d\\$[./A-Za-z0-9]{53}$"));
        assertTrue(Htpasswd.check(v.get("ADMIN").substring(6), v.get("ADMIN_PASSWORD")));
        assertEquals(SENTINEL, v.get("KEEP"), "a set value is never touched");
        assertEquals("todo", v.get("TOKEN"), "manual keys are left alone");
        assertEquals("changeme", v.get("UNTYPED"), "undeclared keys are left alone");
        assertTrue(r.stderr().contains("TOKEN") && r.stderr().contains("UNTYPED"), r.stderr());
        for (String name : List.of("DB_PASS", "API_HEX", "SESSION", "ADMIN")) {
            assertTrue(r.stdout().contains("generated " + name + " ("), r.stdout());
        }
        // the untouched values keep their ciphertext: 2 lines changed, 3 added (SESSION, ADMIN, ADMIN_PASSWORD)
        String after = repo.read("app/.env.enc");
        assertEquals(5, ServiceRepo.changedDataLines(before, after), after);
        for (String key : List.of("KEEP=", "TOKEN=", "UNTYPED=")) {
            assertEquals(line(before, key), line(after, key));
        }
        // no generated value is ever printed
        for (String value : v.values()) {
            assertFalse(r.stdout().contains(value) || r.stderr().contains(value), "a value was printed");
        }
        // run again: nothing left to fill, file unchanged
        Cli.Result again = repo.cli().run("generate", "app", "--missing");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.stdout().contains("nothing to generate"), again.stdout());
        assertEquals(after, repo.read("app/.env.enc"));
    }

    /** A value made when hex:N meant N bytes (2N characters) stays as it is: only new values get the new length. */
    @Test
    void valuesSetUnderTheOldHexMeaningAreNotRegenerated() {
        String old = "0123456789abcdef".repeat(4); // hex:32 before: 64 characters
        repo.service("legacy", "SESSION_KEY=" + old + "\nNEW_KEY=\n");
        repo.repo.write("legacy/secrets.types", "SESSION_KEY=hex:32\nNEW_KEY=hex:32\n");
        String before = repo.read("legacy/.env.enc");
        Cli.Result r = repo.cli().run("generate", "legacy", "--missing");
        assertEquals(0, r.exit(), r.toString());
        Map<String, String> v = repo.values("legacy");
        assertEquals(old, v.get("SESSION_KEY"));
        assertEquals(line(before, "SESSION_KEY="), line(repo.read("legacy/.env.enc"), "SESSION_KEY="), "its ciphertext too");
        assertTrue(v.get("NEW_KEY").matches("[0-9a-f]{32}"), "a new value has N hex characters");
        assertFalse(r.stdout().contains("SESSION_KEY"), r.stdout());
    }

    @Test
    void badTypesFileWritesNothing() {
        repo.repo.write("app/secrets.types", "DB_PASS=password:24\nAPI_HEX=hexx:16\n");
        String before = repo.read("app/.env.enc");
        Cli.Result r = repo.cli().run("generate", "app", "--missing");
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("secrets.types line 2"), r.stderr());
        assertEquals(before, repo.read("app/.env.enc"));
    }

    static String line(String file, String prefix) {
        for (String l : file.split("\n")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line " + prefix);
    }
}
