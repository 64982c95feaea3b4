package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryUsageTest {
    @TempDir
    Path tmp;

    private static List<Identity> identityOf(AgeKeygen key) {
        return List.of(AgeIdentities.of(AgeKeyFile.parse(key.render()), "test key"));
    }

    @Test
    void opensEditsRotatesAndUpdatesKeysThroughThePublicApi() throws Exception {
        AgeKeygen alice = AgeKeygen.generate();
        AgeKeygen bob = AgeKeygen.generate();
        AgeRecipient aliceR = AgeRecipient.parse(alice.publicKey());
        AgeRecipient bobR = AgeRecipient.parse(bob.publicKey());
        Path file = tmp.resolve("app.env.enc");
        Files.createFile(file);
        Files.delete(file);

        LibraryUsage.encrypt(file, "DB_PASSWORD=hunter2\nAPI_TOKEN=abc\n".getBytes(StandardCharsets.UTF_8), List.of(aliceR));
        assertEquals(Map.of("DB_PASSWORD", "hunter2", "API_TOKEN", "abc"), LibraryUsage.read(file, identityOf(alice)));

        String before = Files.readString(file);
        LibraryUsage.set(file, identityOf(alice), "API_TOKEN", "xyz");
        assertEquals(Map.of("DB_PASSWORD", "hunter2", "API_TOKEN", "xyz"), LibraryUsage.read(file, identityOf(alice)));
        String unchangedLine = before.lines().filter(l -> l.startsWith("DB_PASSWORD=")).findFirst().orElseThrow();
        assertTrue(Files.readString(file).contains(unchangedLine), "an unchanged value keeps its ciphertext");

        assertTrue(LibraryUsage.updateKeys(file, identityOf(alice), List.of(aliceR, bobR)));
        assertFalse(LibraryUsage.updateKeys(file, identityOf(alice), List.of(aliceR, bobR)), "second time: nothing to do");
        assertEquals("xyz", LibraryUsage.read(file, identityOf(bob)).get("API_TOKEN"));

        String beforeRotation = Files.readString(file);
        LibraryUsage.rotate(file, identityOf(bob), List.of(bobR));
        assertNotEquals(beforeRotation, Files.readString(file));
        assertEquals(Map.of("DB_PASSWORD", "hunter2", "API_TOKEN", "xyz"), LibraryUsage.read(file, identityOf(bob)));
        SopsException refused = assertThrows(SopsException.class, () -> LibraryUsage.read(file, identityOf(alice)));
        assertEquals(ExitCodes.COULD_NOT_RETRIEVE_KEY, refused.exitCode(), refused.getMessage());
    }

    /** The boundary is real: javac refuses a module that reaches into an internal package. */
    @Test
    void reachingANonExportedPackageDoesNotCompile() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("bad"));
        Files.writeString(src.resolve("module-info.java"), "module bad { requires dev.secrets.age; }");
        Files.writeString(src.resolve("bad/Bad.java"),
                "package bad; class Bad { Object k = dev.secrets.sops.internal.DataKeys.generate(); }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        String modulePath = System.getProperty("jdk.module.path", System.getProperty("java.class.path"));
        boolean ok = javac.getTask(out, null, null,
                List.of("--module-path", modulePath, "-d", tmp.resolve("out").toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(
                        src.resolve("module-info.java").toFile(), src.resolve("bad/Bad.java").toFile())).call();
        assertFalse(ok, "compiled: " + out);
        assertTrue(out.toString().contains("package dev.secrets.sops.internal is not visible"), out.toString());
        assertTrue(modulePath.contains("sops-core") && modulePath.split(File.pathSeparator).length > 1, modulePath);
    }
}
