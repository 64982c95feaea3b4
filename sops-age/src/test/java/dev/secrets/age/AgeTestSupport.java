package dev.secrets.age;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the age tests: armored enc extraction from any store, the age CLI, headers. */
final class AgeTestSupport {
    static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
    static final String END = "-----END AGE ENCRYPTED FILE-----";
    private static final Pattern ARMORED = Pattern.compile(Pattern.quote(BEGIN) + "(.*?)" + Pattern.quote(END),
            Pattern.DOTALL);

    private AgeTestSupport() {
    }

    /**
     * Every armored age file in a SOPS file of any store: YAML block scalars (indented lines),
     * JSON/dotenv/INI strings with {@code \n} escapes.
     */
    static List<String> armoredEncs(String fileText) {
        List<String> out = new ArrayList<>();
        Matcher m = ARMORED.matcher(fileText);
        while (m.find()) {
            String inner = m.group(1).replace("\\n", "\n").replace("\\r", "");
            StringBuilder b = new StringBuilder(BEGIN).append('\n');
            for (String line : inner.split("\n")) {
                String t = line.strip();
                if (!t.isEmpty()) {
                    b.append(t).append('\n');
                }
            }
            out.add(b.append(END).append('\n').toString());
        }
        return out;
    }

    /** The binary age file inside an armored one. */
    static byte[] dearmor(String armored) {
        StringBuilder b64 = new StringBuilder();
        for (String line : armored.strip().split("\n")) {
            if (!line.startsWith("-----")) {
                b64.append(line.strip());
            }
        }
        return Base64.getDecoder().decode(b64.toString());
    }

    /** age's armor: padded base64 at 64 columns, BEGIN/END lines, final newline. */
    static String armor(byte[] binary) {
        String b64 = Base64.getEncoder().encodeToString(binary);
        StringBuilder b = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            b.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return b.append(END).append('\n').toString();
    }

    /** The header text (up to and including the {@code ---} line) of an armored age file. */
    static String header(String armored) {
        String text = new String(dearmor(armored), StandardCharsets.ISO_8859_1);
        int mac = text.indexOf("\n--- ");
        return text.substring(0, text.indexOf('\n', mac + 1) + 1);
    }

    static long stanzaCount(String armored) {
        return header(armored).lines().filter(l -> l.startsWith("-> ")).count();
    }

    static boolean hasCommand(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the calling test (with a message) when the age CLI is missing. */
    static void requireAgeCli() {
        boolean ok = hasCommand("age") && hasCommand("age-keygen");
        if (!ok) {
            System.err.println("SKIPPED: the age CLI (age, age-keygen) is not on PATH; interop tests not run");
        }
        assumeTrue(ok, "age CLI absent");
    }

    record Result(int code, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    static Result run(byte[] stdin, String... command) throws IOException, InterruptedException {
        return run(stdin, new ProcessBuilder(command));
    }

    /** Runs a prepared process (its environment set), feeding {@code stdin} (may be null); 60 s at most. */
    static Result run(byte[] stdin, ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timeout: " + String.join(" ", pb.command()));
        }
        return new Result(p.exitValue(), out, err);
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
