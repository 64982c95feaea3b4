package dev.secrets.cli.service;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ValueStatusTest {
    @Test
    void placeholdersAreWholeValuesAnyCase() {
        for (String p : new String[] {"CHANGE_ME", "changeme", "Change-Me", "change me", "\"changeme\"", "'CHANGE_ME'",
            "replace-me", "REPLACE_ME", "changeit", "TODO", "todo", "tbd", "FIXME", "xxx", "XXXXXXXX", "<your token>",
            "<>", "your-api-key-here", "placeholder", "...", " TODO "}) {
            assertEquals(ValueStatus.PLACEHOLDER, ValueStatus.of(p), p);
        }
    }

    @Test
    void realValuesAreOkEvenWhenTheyContainAWord() {
        for (String v : new String[] {"changeme2024!", "todolist", "xx", "my-todo", "s3cr3t", "<a>b", "0", "false",
            "x<y>", "$2y$10$abc"}) {
            assertEquals(ValueStatus.OK, ValueStatus.of(v), v);
        }
    }

    @Test
    void emptyValues() {
        assertEquals(ValueStatus.EMPTY, ValueStatus.of(""));
        assertEquals(ValueStatus.EMPTY, ValueStatus.of("   "));
        assertEquals(ValueStatus.EMPTY, ValueStatus.of("\"\""));
        assertEquals(ValueStatus.EMPTY, ValueStatus.of(null));
        assertEquals(ValueStatus.OK, ValueStatus.of(42L));
        assertEquals(ValueStatus.OK, ValueStatus.of(new dev.secrets.sops.tree.Branch().add("k", "TODO")));
    }
}
