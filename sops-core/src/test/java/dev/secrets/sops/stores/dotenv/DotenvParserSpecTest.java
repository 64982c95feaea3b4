package dev.secrets.sops.stores.dotenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sops' dotenv parser (SOPS-FORMAT.md, dotenv store) and our one addition (a double-quoted block over
 * several lines), at the edges the store tests do not reach.
 */
class DotenvParserSpecTest {
    private static Branch parse(String text) {
        return DotenvParser.parse(text.getBytes(StandardCharsets.UTF_8), 1);
    }

    private static List<Object> keys(Branch b) {
        return b.items().stream().map(Branch.Item::key).toList();
    }

    /** The key is the bytes before the first '=', even none: sops only refuses a line without '='. */
    @Test
    void anEmptyKeyIsAKey() {
        Branch b = parse("=v\nA=1\n");
        assertEquals(List.of("", "A"), keys(b));
        assertEquals("v", b.get(""));
    }

    /** A quote never closed is read as sops reads the line, wherever it is, and parsing goes on after it. */
    @Test
    void anUnclosedQuoteLaterInTheFileIsOneLine() {
        Branch b = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parse("A=1\nB=\"open\nC=2\n"));
        assertEquals(List.of("A", "B", "C"), keys(b));
        assertEquals("\"open", b.get("B"));
        assertEquals("2", b.get("C"));
    }

    /** A quoted block in a CRLF file closes on a line ending in a quote before its CR; the CRs are kept. */
    @Test
    void aQuotedBlockClosesBeforeACarriageReturn() {
        Branch b = parse("K=\"a\r\nb\"\r\nL=2\r\n");
        assertEquals(List.of("K", "L"), keys(b));
        assertEquals("\"a\r\nb\"\r", b.get("K"));
        assertEquals("2\r", b.get("L"));
    }
}
