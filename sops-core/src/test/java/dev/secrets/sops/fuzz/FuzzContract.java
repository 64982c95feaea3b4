package dev.secrets.sops.fuzz;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Format;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What every fuzz target checks: input is either accepted or refused with a {@link SopsException},
 * the only error the CLI reports cleanly (anything else prints {@code secrets: internal error:
 * <class>}). A refusal must carry one of sops' exit codes ({@link ExitCodes}) and a one-line,
 * non-empty message. Any other throwable (a RuntimeException, StackOverflowError, OutOfMemoryError)
 * escapes and is Jazzer's finding.
 */
public final class FuzzContract {
    /** Every exit code {@link ExitCodes} names. */
    public static final Set<Integer> EXIT_CODES = exitCodes();

    /**
     * The data key of the committed decrypt seeds (and of nothing else): a throwaway value anyone can
     * recompute, SHA-256 of a fixed phrase.
     */
    public static final byte[] DATA_KEY = sha256("secrets fuzz seeds: throwaway data key");

    private FuzzContract() {
    }

    /** Runs the body; a SopsException is a clean refusal once {@link #check} agrees. */
    public static void refusalIsClean(Runnable body) {
        try {
            body.run();
        } catch (SopsException e) {
            check(e);
        }
    }

    /** A clean refusal: a known exit code and a one-line message. */
    public static void check(SopsException e) {
        String m = e.getMessage();
        if (!EXIT_CODES.contains(e.exitCode())) {
            throw new AssertionError("SopsException with exit code " + e.exitCode() + ", not one of sops': " + m, e);
        }
        if (m == null || m.isBlank()) {
            throw new AssertionError("SopsException without a message", e);
        }
        if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
            throw new AssertionError("SopsException message of more than one line: " + m, e);
        }
    }

    /** The format a decrypt input names in its first byte (modulo 5), the file being the rest. */
    public static Format format(byte[] input) {
        return Format.values()[(input[0] & 0xff) % Format.values().length];
    }

    public static byte[] rest(byte[] input) {
        return Arrays.copyOfRange(input, 1, input.length);
    }

    /** A seed for a decrypt target: the format's byte, then the file. */
    public static byte[] withFormat(Format format, byte[] file) {
        byte[] out = new byte[file.length + 1];
        out[0] = (byte) format.ordinal();
        System.arraycopy(file, 0, out, 1, file.length);
        return out;
    }

    private static Set<Integer> exitCodes() {
        Set<Integer> codes = new HashSet<>();
        for (Field f : ExitCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    codes.add(f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(codes);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
