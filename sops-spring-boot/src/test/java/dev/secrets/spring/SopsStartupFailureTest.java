package dev.secrets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.age.AgeKeygen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Start-ups that must fail, naming the file and never a value (and one that must not). */
@ExtendWith(OutputCaptureExtension.class)
class SopsStartupFailureTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void files() {
        Fixtures.write();
    }

    /** Starts the application with these properties as command-line arguments ({@code --name=value}). */
    private static ConfigurableApplicationContext start(String... properties) {
        String[] args = new String[properties.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = "--" + properties[i];
        }
        return new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE).run(args);
    }

    private static Path yaml() {
        return Paths.get(Fixtures.DIR, "app.enc.yaml").toAbsolutePath().normalize();
    }

    @Test
    void missingFileFailsTheStartUpNamingIt() {
        Path missing = tmp.resolve("nope.enc.yaml");
        Exception e = assertThrows(ConfigDataResourceNotFoundException.class,
                () -> start("spring.config.import=sops:" + missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void missingOptionalFileIsNoError() {
        try (ConfigurableApplicationContext ctx = start("spring.config.import=optional:sops:" + tmp.resolve("nope.enc.yaml"))) {
            assertTrue(ctx.isActive());
        }
    }

    @Test
    void wrongKeyFailsNamingTheFile(CapturedOutput output) throws Exception {
        Path otherKey = tmp.resolve("other.txt");
        Files.writeString(otherKey, AgeKeygen.generate().render(), StandardCharsets.UTF_8);
        SopsConfigDataException e = assertThrows(SopsConfigDataException.class,
                () -> start("spring.config.import=sops:" + yaml(), "sops.age.key-file=" + otherKey));
        assertEquals(yaml(), e.path());
        assertTrue(e.getMessage().contains(yaml().toString()) && e.getMessage().contains("Failed to get the data key"), e.getMessage());
        // the failure analyzer's report, as printed at start-up
        assertTrue(output.toString().contains("The sops file " + yaml() + " named in spring.config.import did not open"), output.toString());
        assertFalse(output.toString().contains("s3cr3t-yaml"));
    }

    @Test
    void tamperedValueFailsTheMacCheck(CapturedOutput output) throws Exception {
        // lastmodified changed: every value still decrypts, but the MAC (stored with lastmodified as AAD) does not
        Path file = tmp.resolve("tampered.enc.yaml");
        String text = Files.readString(yaml(), StandardCharsets.UTF_8);
        String tampered = text.replaceFirst("(?m)^(\\s*lastmodified: \"?)(\\d{4})", "$1" + "1999");
        assertFalse(text.equals(tampered), "lastmodified found");
        Files.writeString(file, tampered, StandardCharsets.UTF_8);
        SopsConfigDataException e = assertThrows(SopsConfigDataException.class,
                () -> start("spring.config.import=sops:" + file, "sops.age.key-file=" + Fixtures.DIR + "/keys.txt"));
        assertEquals(file, e.path());
        assertTrue(e.reason().toLowerCase().contains("mac"), e.reason());
        assertFalse(output.toString().contains("s3cr3t-yaml"));
    }

    @Test
    void optionalDoesNotHideAFileThatExistsButDoesNotOpen() throws Exception {
        Path otherKey = tmp.resolve("other.txt");
        Files.writeString(otherKey, AgeKeygen.generate().render(), StandardCharsets.UTF_8);
        Exception e = assertThrows(Exception.class,
                () -> start("spring.config.import=optional:sops:" + yaml(), "sops.age.key-file=" + otherKey));
        assertInstanceOf(SopsConfigDataException.class, e);
    }
}
