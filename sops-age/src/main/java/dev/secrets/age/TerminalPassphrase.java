package dev.secrets.age;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a passphrase on the controlling terminal ({@code /dev/tty}), as age and sops do, so it works
 * while stdin and stdout carry data: the prompt is written there, echo is turned off with
 * {@code stty} for the one line read, and restored whatever happens.
 */
public final class TerminalPassphrase implements PassphrasePrompt {
    private static final File TTY = new File("/dev/tty");

    @Override
    public byte[] passphrase(String location) {
        return read("Enter passphrase for identity '" + location + "':",
                "cannot ask for the passphrase of identity '" + location + "': no terminal (/dev/tty cannot be opened)",
                "could not read the passphrase of identity '" + location + "': ");
    }

    /** sops' prompt for an SSH key file (age/ssh_parse.go), Go-quoted path and the space age's terminal UI adds. */
    @Override
    public byte[] sshKeyPassphrase(String keyFile) {
        String quoted = GoQuote.quote(keyFile);
        return read("Enter passphrase for " + quoted + ": ",
                "could not read passphrase for " + quoted + ": no terminal (/dev/tty cannot be opened)",
                "could not read passphrase for " + quoted + ": ");
    }

    private static byte[] read(String prompt, String noTerminal, String failed) {
        FileInputStream in;
        FileOutputStream out;
        try {
            in = new FileInputStream(TTY);
            out = new FileOutputStream(TTY);
        } catch (IOException e) {
            throw new IllegalStateException(noTerminal);
        }
        try (in; out) {
            TerminalEcho.off(); // before the prompt: what is typed once it shows is never echoed
            try {
                out.write(prompt.getBytes(StandardCharsets.UTF_8));
                out.flush();
                byte[] line = TerminalEcho.readLine(in);
                if (line == null) {
                    throw new IOException("the terminal was closed");
                }
                return line;
            } finally {
                TerminalEcho.on();
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(failed + e.getMessage());
        }
    }
}
