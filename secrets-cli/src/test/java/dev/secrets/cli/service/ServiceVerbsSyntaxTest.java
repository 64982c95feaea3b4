package dev.secrets.cli.service;

import static dev.secrets.cli.SyntaxTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Context;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service verbs' options and parameters, as the parser binds them (see SyntaxTest). */
class ServiceVerbsSyntaxTest {
    @Test
    void doubleDashEndsOptions() {
        DeployCommand deploy = new DeployCommand(Context.system());
        parse(deploy, "caddy", "--dry-run", "--", "--pull", "always", "-d");
        assertEquals("caddy", deploy.service);
        assertTrue(deploy.dryRun);
        assertEquals(List.of("--pull", "always", "-d"), deploy.composeArgs);
    }
}
