package dev.secrets.cli;

import java.util.List;
import sun.misc.Signal;

/**
 * Signals that end a JVM without its shutdown hooks, so a plaintext {@code .env} or edit folder
 * would stay behind and compose or the editor would be orphaned: SIGUSR1, SIGALRM, SIGVTALRM and
 * SIGXCPU (default action: terminate), and SIGUSR2 (on JDK 17 an abort with an hs_err log). Measured
 * on Linux, JDK 17: SIGHUP, SIGINT and SIGTERM already run the hooks; SIGPIPE, SIGXFSZ and the others
 * tried leave the JVM running; SIGKILL and SIGSTOP cannot be caught. Each of these five then exits
 * as SIGTERM does (the hooks run), with the shell's code for the signal (128 + its number).
 */
final class FatalSignals {
    static final List<String> NAMES = List.of("USR1", "USR2", "ALRM", "VTALRM", "XCPU");
    private static boolean installed;

    private FatalSignals() {
    }

    /** Installs the handlers once, in the real process only (an in-process test's JVM is not ours to end). */
    static synchronized void install(Context ctx) {
        if (installed || !ctx.inheritsStreams()) {
            return;
        }
        installed = true;
        for (String name : NAMES) {
            try {
                Signal.handle(new Signal(name), s -> System.exit(128 + s.getNumber()));
            } catch (IllegalArgumentException | LinkageError e) {
                // not a signal of this OS, or one the JVM keeps for itself: left as it is
            }
        }
    }
}
