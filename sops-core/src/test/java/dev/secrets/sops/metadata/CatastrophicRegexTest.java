package dev.secrets.sops.metadata;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.aes.EncryptedValue;
import dev.secrets.sops.aes.TreeCipher;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code (.*a){15}x} against 100 a's: a backtracking engine tries every way to split the a's among
 * the 15 groups (over 10^17) before it fails; RE2 answers in time linear in the text. Checked where
 * such regexes come from: a .sops.yaml path_regex and the selection regex of sops metadata. Also the
 * one constant pattern applied to file content, the encrypted value format.
 */
class CatastrophicRegexTest {
    private static final String CATASTROPHIC = "(.*a){15}x";
    private static final String HUNDRED_A = "a".repeat(100);
    private static final Duration FAST = Duration.ofSeconds(1);

    @BeforeAll
    static void loadClasses() {
        // Class loading is not what is timed.
        GoRegex.compile("path_regex", "a+").find("a");
    }

    /** The task takes under a second of CPU time (wall time depends on how loaded the machine is). */
    static void assertFast(Runnable task) {
        assertFast(CATASTROPHIC, task);
    }

    static void assertFast(String what, Runnable task) {
        Duration cpu = Duration.ofNanos(CpuTime.nanos(what, task));
        assertTrue(cpu.compareTo(FAST) < 0, what + " took " + cpu.toMillis() + " ms of CPU time");
    }

    @Test
    void pathRegexThroughConfigLoader() {
        SopsConfig config = ConfigLoader.parse(Path.of("/repo/.sops.yaml"), """
                creation_rules:
                  - path_regex: '%s'
                    age: age1first
                  - age: age1fallback
                """.formatted(CATASTROPHIC));
        assertFast(() -> {
            assertEquals(List.of("age1fallback"), config.ruleFor(Path.of("/repo/" + HUNDRED_A)).ageRecipients());
            assertEquals(List.of("age1first"),
                    config.ruleFor(Path.of("/repo/" + HUNDRED_A + "x")).ageRecipients());
        });
    }

    @Test
    void selectionRegexThroughMetadata() {
        Branch sops = new Branch()
                .add("age", List.of(new Branch().add("recipient", "age1x").add("enc", "x")))
                .add("lastmodified", "2024-01-02T03:04:05Z")
                .add("mac", "")
                .add("encrypted_regex", CATASTROPHIC)
                .add("version", "3.13.2");
        Selection selection = MetadataCodec.fromBranch(sops).selection();
        assertFast(() -> {
            assertFalse(selection.pattern().find(HUNDRED_A));
            assertTrue(selection.pattern().find(HUNDRED_A + "x"));
        });
    }

    @Test
    void selectionRegexThroughTreeCipher() {
        Branch doc = new Branch().add(HUNDRED_A, "stays plain").add(HUNDRED_A + "x", "gets encrypted");
        TreeCipher cipher = new TreeCipher(new ValueCipher(), new byte[32],
                new Selection(Selection.Kind.ENCRYPTED_REGEX, CATASTROPHIC), false);
        assertFast(() -> cipher.encrypt(List.of(doc)));
        assertEquals("stays plain", doc.get(HUNDRED_A));
        assertTrue(EncryptedValue.looksEncrypted((String) doc.get(HUNDRED_A + "x")));
    }

    @Test
    void commentRegexThroughTreeCipher() {
        Branch doc = new Branch();
        doc.addComment(new dev.secrets.sops.tree.Comment(HUNDRED_A));
        doc.add("key", "value");
        TreeCipher cipher = new TreeCipher(new ValueCipher(), new byte[32],
                new Selection(Selection.Kind.ENCRYPTED_COMMENT_REGEX, CATASTROPHIC), false);
        assertFast(() -> cipher.encrypt(List.of(doc)));
        assertEquals("value", doc.get("key"));
    }

    /** The constant value format, applied to a value from the file (java.util.regex: minutes). */
    @Test
    void encryptedValueFormat() {
        String hostile = "ENC[AES256_GCM,data:" + ",iv:,tag:,type:".repeat(2_000);
        assertFast("a 30 KB value repeating the markers",
                () -> assertThrows(SopsException.class, () -> EncryptedValue.parse(hostile)));
        // As Go reads it: greedy groups, and . stops at a newline.
        assertEquals("str]x", EncryptedValue.parse("ENC[AES256_GCM,data:QUFB,iv:QkJD,tag:RERE,type:str]x]").type());
        assertEquals("str", EncryptedValue.parse("ENC[AES256_GCM,data:QUFB,iv:QkJD,tag:RERE,type:str]\nx]").type());
    }

    @Test
    void lookaroundIsRefusedAsInSops() {
        SopsException e = assertThrows(SopsException.class, () -> ConfigLoader.parse(Path.of("/repo/.sops.yaml"), """
                creation_rules:
                  - path_regex: '^(?!vendor/)'
                    age: age1x
                """));
        assertEquals("error loading config /repo/.sops.yaml: creation rule 0: path_regex is not a valid regular "
                + "expression: invalid or unsupported Perl syntax: `(?!`", e.getMessage());
    }
}
