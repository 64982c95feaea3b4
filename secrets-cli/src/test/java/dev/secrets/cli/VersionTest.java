package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** --version prints the POM's version (surefire passes it as project.version), for the tool and for a verb. */
class VersionTest {
    @Test
    void versionComesFromThePom() {
        String pom = System.getProperty("project.version");
        assertEquals("secrets " + pom + " (sops 3.13.2 format)\n", new Cli().run("--version").stdout());
        assertEquals("secrets " + pom + " (sops 3.13.2 format)\n", new Cli().run("decrypt", "-V").stdout());
    }
}
