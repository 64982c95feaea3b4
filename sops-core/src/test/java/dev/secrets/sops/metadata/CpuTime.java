package dev.secrets.sops.metadata;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU time a task spends: unlike wall time, it does not grow when other processes load the
 * machine, so a time bound stays a statement about the work done. The task runs on its own thread,
 * abandoned after {@link #GIVE_UP} of wall time, so that a backtracking engine fails a test instead
 * of hanging it.
 */
final class CpuTime {
    static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTime() {
    }

    /** The CPU time of the task; {@code what} names it if it runs past {@link #GIVE_UP}. */
    static long nanos(String what, Runnable task) {
        return assertTimeoutPreemptively(GIVE_UP, () -> {
            long start = THREADS.getCurrentThreadCpuTime();
            task.run();
            return THREADS.getCurrentThreadCpuTime() - start;
        }, what);
    }
}
