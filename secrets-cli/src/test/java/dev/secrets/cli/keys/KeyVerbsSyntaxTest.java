package dev.secrets.cli.keys;

import static dev.secrets.cli.SyntaxTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.cli.Context;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key verbs' options and parameters, as the parser binds them (see SyntaxTest). */
class KeyVerbsSyntaxTest {
    @Test
    void shortOptionTakesItsValueAttached() {
        KeygenCommand k = new KeygenCommand(Context.system());
        parse(k, "-okey.txt");
        assertEquals(Path.of("key.txt"), k.output);
    }


    @Test
    void repeatedParametersAmongFlags() {
        RotateCommand rotate = new RotateCommand(Context.system());
        parse(rotate, "a", "-i", "b", "--all");
        assertEquals(List.of("a", "b"), rotate.bulk.targets);
        assertTrue(rotate.inPlace && rotate.bulk.all);
    }
}
