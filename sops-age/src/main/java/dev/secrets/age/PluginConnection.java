package dev.secrets.age;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code age-plugin-NAME --age-plugin=PROTOCOL} and the stanza framing of the C2SP
 * age-plugin protocol on its stdin/stdout: {@code -> type args…}, then the body in base64 lines of
 * 64 characters ended by a shorter (possibly empty) line. As age does, the plugin is looked up on
 * {@code PATH}, runs in the temporary directory, and its stderr is dropped unless
 * {@code AGEDEBUG=plugin}; sops' key variables are not passed on.
 */
final class PluginConnection implements AutoCloseable {
    /** One stanza of the protocol. */
    record Message(String type, List<String> args, byte[] body) {
    }

    private static final int COLUMNS = 64;
    private static final int MAX_LINE = 64 * 1024;

    private final String program;
    private final Process process;
    private final OutputStream in;
    private final InputStream out;

    private PluginConnection(String program, Process process) {
        this.program = program;
        this.process = process;
        this.in = process.getOutputStream();
        this.out = new BufferedInputStream(process.getInputStream());
    }

    /** The program serving plugin {@code name}. */
    static String program(String name) {
        return "age-plugin-" + name;
    }

    /** @throws IOException {@code couldn't start plugin: …} when the program is not on PATH or not executable */
    static PluginConnection open(String name, String protocol) throws IOException {
        String program = program(name);
        ProcessBuilder pb = new ProcessBuilder(program, "--age-plugin=" + protocol)
                .directory(new File(System.getProperty("java.io.tmpdir")))
                .redirectError("plugin".equals(System.getenv("AGEDEBUG"))
                        ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("SOPS_AGE_"));
        try {
            return new PluginConnection(program, pb.start());
        } catch (IOException e) {
            throw new IOException("couldn't start plugin: " + program + " not found on PATH or not executable");
        }
    }

    void write(String type, String... args) throws IOException {
        write(type, List.of(args), new byte[0]);
    }

    void write(String type, List<String> args, byte[] body) throws IOException {
        StringBuilder b = new StringBuilder("-> ").append(type);
        for (String a : args) {
            b.append(' ').append(a);
        }
        b.append('\n');
        String encoded = StanzaBase64.encode(body);
        int i = 0;
        for (; i + COLUMNS <= encoded.length(); i += COLUMNS) {
            b.append(encoded, i, i + COLUMNS).append('\n');
        }
        b.append(encoded, i, encoded.length()).append('\n');
        try {
            in.write(b.toString().getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new IOException(program + " stopped reading: " + e.getMessage());
        }
    }

    /** @throws IOException when the plugin ends the conversation early or sends a malformed stanza */
    Message read() throws IOException {
        String header = line();
        if (!header.startsWith("-> ")) {
            throw new IOException("malformed stanza from " + program);
        }
        List<String> words = new ArrayList<>(Arrays.asList(header.substring(3).split(" ", -1)));
        if (words.isEmpty() || words.stream().anyMatch(String::isEmpty)) {
            throw new IOException("malformed stanza from " + program);
        }
        String type = words.remove(0);
        StringBuilder body = new StringBuilder();
        while (true) {
            String l = line();
            if (l.length() > COLUMNS) {
                throw new IOException("malformed stanza body from " + program);
            }
            body.append(l);
            if (l.length() < COLUMNS) {
                break;
            }
        }
        try {
            return new Message(type, List.copyOf(words), StanzaBase64.decode(body.toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed stanza body from " + program);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(80);
        while (true) {
            int c = out.read();
            if (c < 0) {
                throw new IOException(program + " exited before finishing the protocol");
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.US_ASCII);
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("malformed stanza from " + program + ": line too long");
            }
            b.write(c);
        }
    }

    /** Closes the pipes and lets the plugin exit (it is stopped after a few seconds, as age sends SIGINT). */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            out.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
