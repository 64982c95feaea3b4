package dev.secrets.sops.metadata;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.ErrorText;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A regular expression read from a file or the command line ({@code path_regex}, the selection
 * regexes): Go's RE2 syntax, as sops compiles it, matched by RE2/J in time linear in the text. A
 * backtracking engine (java.util.regex) can take minutes on {@code (.*a){15}x}.
 */
public final class GoRegex {
    /**
     * RE2/J recurses once per node when it compiles, and once per instruction along a chain of
     * empty-width steps when it matches ({@code (?:()()()){1000}}); some 5,000 overflow a default
     * stack. Larger expressions compile and match on a thread with a deep one.
     */
    private static final int INLINE_SIZE = 1000;
    private static final int INLINE_HEIGHT = 100;
    private static final long DEEP_STACK_BYTES = 64L << 20;
    /** Enough of the expression to recognise it in an error message. */
    private static final int QUOTED_CHARS = 100;

    private final Pattern pattern;
    private final boolean deep;

    private GoRegex(Pattern pattern, boolean deep) {
        this.pattern = pattern;
        this.deep = deep;
    }

    /**
     * Compiles the expression given as {@code option}.
     *
     * @throws SopsException when it is no valid Go regular expression, or exceeds Go's limits or ours
     *     ({@link GoRegexLimits}); the message names the option and gives Go's error
     */
    public static GoRegex compile(String option, String regex) {
        GoRegexLimits.Estimate estimate;
        try {
            estimate = GoRegexLimits.check(regex);
        } catch (GoRegexLimits.Violation v) {
            throw invalid(option, v.code, v.expr);
        }
        boolean deep = estimate.size() > INLINE_SIZE || estimate.height() > INLINE_HEIGHT;
        Pattern pattern;
        try {
            pattern = deep ? onDeepStack(() -> Pattern.compile(regex)) : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw invalid(option, e.getDescription(), e.getPattern());
        }
        return new GoRegex(pattern, deep || pattern.programSize() > INLINE_SIZE);
    }

    /** Go's {@code regexp.MatchString}: whether the expression matches anywhere in the text. */
    public boolean find(CharSequence text) {
        return deep ? onDeepStack(() -> pattern.matcher(text).find()) : pattern.matcher(text).find();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }

    /** Go's wording: {@code missing closing ): `(a|b`}. */
    private static SopsException invalid(String option, String code, String expr) {
        String quoted = expr == null || expr.isEmpty() ? ""
                : ": `" + ErrorText.escape(expr.length() > QUOTED_CHARS ? expr.substring(0, QUOTED_CHARS) + "..." : expr)
                        + "`";
        return new SopsException(ExitCodes.ERROR_GENERIC,
                option + " is not a valid regular expression: " + ErrorText.firstLine(code) + quoted);
    }

    private static <T> T onDeepStack(Supplier<T> body) {
        FutureTask<T> task = new FutureTask<>(body::get);
        Thread thread = new Thread(null, task, "regex", DEEP_STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the thread ends on its own, and quickly
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
