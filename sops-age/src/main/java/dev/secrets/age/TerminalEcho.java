package dev.secrets.age;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;

/**
 * Echo on the controlling terminal, switched with {@code stty} around a secret being typed. When it
 * cannot be turned off (no {@code stty}, a terminal that refuses), the secret is not asked for at all:
 * typing it with echo on would show it to anyone watching the screen or recording the session.
 */
final class TerminalEcho {
    private static final File TTY = new File("/dev/tty");

    private TerminalEcho() {
    }

    /** Turns echo off, or fails without anything having been asked. */
    static void off() throws IOException {
        if (!stty("-echo")) {
            throw new IOException("cannot turn off echo on the terminal (stty -echo failed), so a secret is not asked for there");
        }
    }

    /** Turns echo back on (best effort: the terminal may be gone). */
    static void on() {
        stty("echo");
    }

    /**
     * One line typed on the terminal, without its end, read byte by byte so nothing past it is taken;
     * every buffer it passed through is wiped, the returned array is the caller's to wipe. Null when
     * the terminal ends before anything was typed (closed).
     */
    static byte[] readLine(java.io.InputStream in) throws IOException {
        byte[] buf = new byte[64];
        int n = 0;
        try {
            int b = in.read();
            if (b == -1) {
                return null;
            }
            for (; b != -1 && b != '\n'; b = in.read()) {
                if (b == '\r') {
                    continue;
                }
                if (n == buf.length) {
                    byte[] bigger = Arrays.copyOf(buf, n * 2);
                    Arrays.fill(buf, (byte) 0);
                    buf = bigger;
                }
                buf[n++] = (byte) b;
            }
            return Arrays.copyOf(buf, n);
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }

    private static boolean stty(String setting) {
        try {
            Process p = new ProcessBuilder("stty", setting).redirectInput(TTY)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
