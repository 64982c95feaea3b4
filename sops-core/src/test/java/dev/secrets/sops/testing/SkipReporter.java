package dev.secrets.sops.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Makes every skip visible: a test or container that is disabled, or aborted by a failed assumption,
 * prints {@code SKIPPED: <test>: <reason>} on stderr, whether or not the test printed its own line.
 * Registered through META-INF/services, so every module whose tests use this test-jar gets it; CI
 * counts skips from the reports and expects none.
 */
public final class SkipReporter implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void report(TestIdentifier test, String reason) {
        System.err.println("SKIPPED: " + name(test) + ": " + reason);
    }

    private static String name(TestIdentifier test) {
        String id = test.getUniqueId();
        int cls = id.indexOf("[class:");
        String owner = cls < 0 ? "" : id.substring(cls + 7, id.indexOf(']', cls)) + " ";
        return owner + test.getDisplayName();
    }
}
