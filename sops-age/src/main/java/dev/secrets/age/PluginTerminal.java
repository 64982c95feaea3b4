package dev.secrets.age;

import java.io.Console;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The user side of one plugin conversation (age's {@code ClientUI}): {@code msg} goes to stderr,
 * {@code request-public}, {@code request-secret} and {@code confirm} are asked on the terminal
 * (the console, else {@code /dev/tty}, echo off for secrets). Without a terminal the plugin is
 * answered {@code fail}, as age does, and the reason is kept so that the error the plugin then
 * reports says why.
 */
final class PluginTerminal {
    private static final File TTY = new File("/dev/tty");

    private final String name;
    private final PrintStream stderr;
    private String failure;

    PluginTerminal(String name, PrintStream stderr) {
        this.name = name;
        this.stderr = stderr;
    }

    /** Why the last question could not be answered, or null. */
    String failure() {
        return failure;
    }

    /** The error to report: the plugin's message, and why we could not answer it if that happened. */
    String explain(String message) {
        return failure == null ? message : message + " (" + failure + ")";
    }

    /**
     * Answers a user-interaction command; false for a command this is not one of (the caller
     * answers {@code unsupported}).
     */
    boolean handle(PluginConnection c, PluginConnection.Message m) throws IOException {
        switch (m.type()) {
            case "msg" -> {
                stderr.println(name + " plugin: " + text(m.body()));
                stderr.flush();
                c.write("ok");
            }
            case "request-public", "request-secret" -> {
                boolean secret = m.type().equals("request-secret");
                try {
                    byte[] value = ask(text(m.body()), secret);
                    try {
                        c.write("ok", List.of(), value);
                    } finally {
                        Arrays.fill(value, (byte) 0);
                    }
                } catch (IOException e) {
                    failure = "the plugin asked for " + (secret ? "a secret" : "a value") + " ("
                            + GoQuote.quote(text(m.body())) + ") but " + e.getMessage();
                    c.write("fail");
                }
            }
            case "confirm" -> {
                if (m.args().size() != 1 && m.args().size() != 2) {
                    throw new IOException("malformed confirm stanza: unexpected number of arguments");
                }
                String yes = option(m.args().get(0));
                String no = m.args().size() == 2 ? option(m.args().get(1)) : "";
                try {
                    c.write("ok", confirm(text(m.body()), yes, no) ? "yes" : "no");
                } catch (IOException e) {
                    failure = "the plugin asked to confirm " + GoQuote.quote(text(m.body())) + " but " + e.getMessage();
                    c.write("fail");
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String option(String base64) throws IOException {
        try {
            return text(StanzaBase64.decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed confirm stanza: invalid option encoding");
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private boolean confirm(String prompt, String yes, String no) throws IOException {
        if (no.isEmpty()) {
            ask(prompt + " (press enter for \"" + yes + "\")", false);
            return true;
        }
        while (true) {
            String answer = new String(ask(prompt + " [1. " + yes + ", 2. " + no + "]", false), StandardCharsets.UTF_8).strip();
            if (answer.equals("1")) {
                return true;
            }
            if (answer.equals("2")) {
                return false;
            }
        }
    }

    /** One line typed on the terminal, as bytes. @throws IOException "there is no terminal …" */
    private byte[] ask(String prompt, boolean secret) throws IOException {
        String label = name + " plugin: " + prompt + " ";
        Console console = System.console();
        if (console != null) {
            char[] typed = secret ? console.readPassword("%s", label) : readLine(console, label);
            if (typed == null) {
                throw new IOException("the terminal was closed");
            }
            byte[] out = new String(typed).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(typed, '\0');
            return out;
        }
        FileInputStream in;
        try {
            in = new FileInputStream(TTY);
        } catch (FileNotFoundException e) {
            throw new IOException("there is no terminal to ask on (/dev/tty cannot be opened)");
        }
        try (in; FileOutputStream out = new FileOutputStream(TTY)) {
            if (secret) {
                TerminalEcho.off(); // before the prompt, so that nothing typed after it is shown
            }
            try {
                out.write(label.getBytes(StandardCharsets.UTF_8));
                out.flush();
                byte[] line = TerminalEcho.readLine(in);
                if (line == null) {
                    throw new IOException("the terminal was closed");
                }
                return line;
            } finally {
                if (secret) {
                    TerminalEcho.on();
                    out.write('\n');
                }
            }
        }
    }

    private static char[] readLine(Console console, String label) {
        String line = console.readLine("%s", label);
        return line == null ? null : line.toCharArray();
    }
}
