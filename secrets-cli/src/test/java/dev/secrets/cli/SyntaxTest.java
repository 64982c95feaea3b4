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
        DecryptCommand d = new DecryptCommand();
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

        KeygenCommand k = new KeygenCommand();
        parse(k, "-okey.txt");
        assertEquals(Path.of("key.txt"), k.output);
    }

    @Test
    void doubleDashEndsOptions() {
        DeployCommand deploy = new DeployCommand();
        parse(deploy, "caddy", "--dry-run", "--", "--pull", "always", "-d");
        assertEquals("caddy", deploy.service);
        assertTrue(deploy.dryRun);
        assertEquals(List.of("--pull", "always", "-d"), deploy.composeArgs);

        ExecEnvCommand exec = new ExecEnvCommand();
        parse(exec, "--pristine", "svc", "--", "env", "-0");
        assertEquals(List.of("env", "-0"), exec.command);
        assertEquals("-", exec(new ExecEnvCommand(), "-", "true").target);
    }

    private static ExecEnvCommand exec(ExecEnvCommand e, String... args) {
        parse(e, args);
        return e;
    }

    @Test
    void optionalAndRepeatedParameters() {
        SetCommand set = new SetCommand();
        parse(set, "svc", "KEY");
        assertEquals("KEY", set.key);
        assertNull(set.json);
        RotateCommand rotate = new RotateCommand();
        parse(rotate, "a", "-i", "b", "--all");
        assertEquals(List.of("a", "b"), rotate.bulk.targets);
        assertTrue(rotate.inPlace && rotate.bulk.all);
    }

    @Test
    void badCommandLinesAreOneLineUsageErrorsNamingTheProblem() {
        assertEquals("decrypt: unknown option '--bogus' (see: secrets decrypt --help)",
                usageError(new DecryptCommand(), "--bogus", "f"));
        assertTrue(usageError(new DecryptCommand()).contains("missing FILE|SERVICE"));
        assertTrue(usageError(new DecryptCommand(), "a", "b").contains("unexpected argument 'b'"));
        assertTrue(usageError(new DecryptCommand(), "f", "--extract").contains("'--extract' needs a value"));
        assertTrue(usageError(new DecryptCommand(), "f", "--output", "--stdout").contains("'--output' needs a value"));
        assertTrue(usageError(new DecryptCommand(), "f", "--indent", "two").contains("invalid value for option '--indent': 'two'"));
        assertTrue(usageError(new DecryptCommand(), "f", "--stdout=yes").contains("'--stdout' takes no value"));
        assertTrue(usageError(new EncryptCommand(), "f", "-a", "x", "--age", "y").contains("given more than once"));
        assertTrue(usageError(new ExecEnvCommand(), "svc").contains("missing CMD"));
    }

    @Test
    void helpAndVersionWinOverMissingParameters() {
        assertEquals(Syntax.Request.HELP, parse(new DecryptCommand(), "--help"));
        assertEquals(Syntax.Request.HELP, parse(new DeployCommand(), "-h", "caddy"));
        assertEquals(Syntax.Request.VERSION, parse(new DeployCommand(), "-V"));
        assertEquals(Syntax.Request.RUN, parse(new DeployCommand(), "caddy", "--", "--help"));
    }

    @Test
    void helpListsEveryOptionAndParameter() {
        String help = new EncryptCommand().syntax().help();
        assertTrue(help.startsWith("Usage: secrets encrypt [OPTIONS] FILE|SERVICE\n"), help);
        for (String expected : new String[] {"-a, --age=RECIPIENTS", "--in-place", "--encrypted-regex=REGEX",
            "--mac-only-encrypted", "--filename-override=NAME", "-h, --help"}) {
            assertTrue(help.contains(expected), expected + " in:\n" + help);
        }
        assertTrue(new ListCommand().syntax().help().contains("[SERVICE...]"));
    }
}
