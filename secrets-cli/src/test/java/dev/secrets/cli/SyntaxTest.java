package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written command-line parser, through the verbs' real syntaxes. */
class SyntaxTest {
    private static Syntax.Request parse(Verb verb, String... args) {
        return verb.syntax().parse(List.of(args));
    }

    private static String usageError(Verb verb, String... args) {
        return assertThrows(UsageException.class, () -> parse(verb, args)).getMessage();
    }

    @Test
    void optionsGoAnywhereAmongParametersInEveryForm() {
        DecryptCommand d = new DecryptCommand(Context.system());
        assertEquals(Syntax.Request.RUN, parse(d, "--input-type", "dotenv", "f.enc", "--output-type=json", "-i",
                "--extract", "[\"a\"]", "--indent=2", "--config", "c.yaml"));
        assertEquals("f.enc", d.target);
        assertEquals("dotenv", d.files.inputType);
        assertEquals("json", d.files.outputType);
        assertTrue(d.out.inPlace);
        assertEquals("[\"a\"]", d.extract);
        assertEquals(2, d.files.indent);
        assertEquals(Path.of("c.yaml"), d.files.config);
        assertFalse(d.ignoreMac);

        KeygenCommand k = new KeygenCommand(Context.system());
        parse(k, "-okey.txt");
        assertEquals(Path.of("key.txt"), k.output);
    }

    @Test
    void doubleDashEndsOptions() {
        DeployCommand deploy = new DeployCommand(Context.system());
        parse(deploy, "caddy", "--dry-run", "--", "--pull", "always", "-d");
        assertEquals("caddy", deploy.service);
        assertTrue(deploy.dryRun);
        assertEquals(List.of("--pull", "always", "-d"), deploy.composeArgs);

        ExecEnvCommand exec = new ExecEnvCommand(Context.system());
        parse(exec, "--pristine", "svc", "--", "env", "-0");
        assertEquals(List.of("env", "-0"), exec.command);
        assertEquals("-", exec(new ExecEnvCommand(Context.system()), "-", "true").target);
    }

    private static ExecEnvCommand exec(ExecEnvCommand e, String... args) {
        parse(e, args);
        return e;
    }

    @Test
    void optionalAndRepeatedParameters() {
        SetCommand set = new SetCommand(Context.system());
        parse(set, "svc", "KEY");
        assertEquals("KEY", set.key);
        assertNull(set.json);
        RotateCommand rotate = new RotateCommand(Context.system());
        parse(rotate, "a", "-i", "b", "--all");
        assertEquals(List.of("a", "b"), rotate.bulk.targets);
        assertTrue(rotate.inPlace && rotate.bulk.all);
    }

    @Test
    void badCommandLinesAreOneLineUsageErrorsNamingTheProblem() {
        assertEquals("decrypt: unknown option '--bogus' (see: secrets decrypt --help)",
                usageError(new DecryptCommand(Context.system()), "--bogus", "f"));
        assertTrue(usageError(new DecryptCommand(Context.system())).contains("missing FILE|SERVICE"));
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
        assertTrue(help.startsWith("Usage: secrets encrypt [OPTIONS] FILE|SERVICE\n"), help);
        for (String expected : new String[] {"-a, --age=RECIPIENTS", "--in-place", "--encrypted-regex=REGEX",
            "--mac-only-encrypted", "--filename-override=NAME", "-h, --help"}) {
            assertTrue(help.contains(expected), expected + " in:\n" + help);
        }
        assertTrue(new ListCommand(Context.system()).syntax().help().contains("[SERVICE...]"));
    }
}
