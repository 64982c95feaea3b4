package dev.secrets.cli;

import dev.secrets.cli.files.DecryptCommand;
import dev.secrets.cli.files.EditCommand;
import dev.secrets.cli.files.EncryptCommand;
import dev.secrets.cli.files.ExecEnvCommand;
import dev.secrets.cli.service.DeployCommand;
import dev.secrets.cli.service.ListCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written command-line parser, through the verbs' real syntaxes. */
public class SyntaxTest {
    public static Syntax.Request parse(Verb verb, String... args) {
        return verb.syntax().parse(List.of(args));
    }

    private static String usageError(Verb verb, String... args) {
        return assertThrows(UsageException.class, () -> parse(verb, args)).getMessage();
    }

    @Test
    void badCommandLinesAreOneLineUsageErrorsNamingTheProblem() {
        assertEquals("decrypt: unknown option '--bogus' (see: secrets decrypt --help)",
                usageError(new DecryptCommand(Context.system()), "--bogus", "f"));
        assertTrue(usageError(new EditCommand(Context.system())).contains("missing FILE|SERVICE")); // decrypt: stdin
        assertTrue(usageError(new DecryptCommand(Context.system()), "a", "b").contains("unexpected argument 'b'"));
        assertTrue(usageError(new DecryptCommand(Context.system()), "f", "--extract").contains("'--extract' needs a value"));
        assertTrue(usageError(new DecryptCommand(Context.system()), "f", "--output", "--stdout").contains("'--output' needs a value"));
        assertTrue(usageError(new DecryptCommand(Context.system()), "f", "--indent", "two").contains("invalid value for option '--indent': 'two'"));
        assertTrue(usageError(new DecryptCommand(Context.system()), "f", "--stdout=yes").contains("'--stdout' takes no value"));
        assertTrue(usageError(new EncryptCommand(Context.system()), "f", "-a", "x", "--age", "y").contains("given more than once"));
        assertTrue(usageError(new ExecEnvCommand(Context.system()), "svc").contains("missing CMD"));
    }

    @Test
    void helpAndVersionWinOverMissingParameters() {
        assertEquals(Syntax.Request.HELP, parse(new DecryptCommand(Context.system()), "--help"));
        assertEquals(Syntax.Request.HELP, parse(new DeployCommand(Context.system()), "-h", "caddy"));
        assertEquals(Syntax.Request.VERSION, parse(new DeployCommand(Context.system()), "-V"));
        assertEquals(Syntax.Request.RUN, parse(new DeployCommand(Context.system()), "caddy", "--", "--help"));
    }

    @Test
    void helpListsEveryOptionAndParameter() {
        String help = new EncryptCommand(Context.system()).syntax().help();
        assertTrue(help.startsWith("Usage: secrets encrypt [OPTIONS] [FILE|SERVICE]\n"), help); // none: stdin
        for (String expected : new String[] {"-a, --age=RECIPIENTS", "--in-place", "--encrypted-regex=REGEX",
            "--mac-only-encrypted", "--filename-override=NAME", "-h, --help"}) {
            assertTrue(help.contains(expected), expected + " in:\n" + help);
        }
        assertTrue(new ListCommand(Context.system()).syntax().help().contains("[SERVICE...]"));
    }
}
