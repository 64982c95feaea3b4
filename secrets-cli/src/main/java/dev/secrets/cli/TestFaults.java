package dev.secrets.cli;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST-ONLY fault injection: with {@code SECRETS_TEST_HALT_AFTER_WRITES=N} a bulk run halts the JVM
 * (no clean-up, as SIGKILL) right after its N-th file is replaced, while other threads are mid-file.
 * Unset in normal use; tests use it to prove that a killed run leaves every file whole.
 */
final class TestFaults {
    private static final int HALT_AFTER = parse(System.getenv("SECRETS_TEST_HALT_AFTER_WRITES"));
    private static final AtomicInteger WRITES = new AtomicInteger();

    private TestFaults() {
    }

    static void afterWrite() {
        if (HALT_AFTER > 0 && WRITES.incrementAndGet() == HALT_AFTER) {
            Runtime.getRuntime().halt(137);
        }
    }

    private static int parse(String v) {
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
