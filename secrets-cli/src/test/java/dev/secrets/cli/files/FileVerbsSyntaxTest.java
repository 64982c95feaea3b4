package dev.secrets.cli.files;

import static dev.secrets.cli.SyntaxTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Context;
import dev.secrets.cli.Syntax;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The file verbs' options and parameters, as the parser binds them (see SyntaxTest). */
class FileVerbsSyntaxTest {
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
    }

    @Test
    void doubleDashEndsExecOptions() {
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
    }
}
