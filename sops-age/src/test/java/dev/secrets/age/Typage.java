package dev.secrets.age;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * typage, the TypeScript age by age's author (npm {@code age-encryption} 0.3, with post-quantum
 * hybrid keys), and the C2SP age test vectors (npm {@code cctv-age}), run through node. They are
 * installed once with npm into a cache folder outside the repository
 * ({@code ${XDG_CACHE_HOME:-~/.cache}/secrets-test/age-encryption-0.3}; .ci/run installs them up
 * front). Tests are skipped, with a {@code SKIPPED:} line, when node or npm is missing or the
 * install fails.
 */
final class Typage {
    static final String PACKAGES = "age-encryption@0.3 cctv-age@0.2";

    private final Path dir;
    private final Path script;

    private Typage(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    /** The installed packages; skips the calling test when they cannot be had. */
    static synchronized Typage require() {
        String why = null;
        Path dir = cacheDir();
        if (!AgeTestSupport.hasCommand("node") || !AgeTestSupport.hasCommand("npm")) {
            why = "node and npm are needed for the typage (npm age-encryption) interop tests";
        } else if (!installed(dir)) {
            why = install(dir);
        }
        if (why != null) {
            System.err.println("SKIPPED: " + why);
        }
        assumeTrue(why == null, why);
        try {
            return new Typage(dir, Path.of(Typage.class.getResource("typage.mjs").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("secrets-test/age-encryption-0.3").toAbsolutePath().normalize();
    }

    private static boolean installed(Path dir) {
        return Files.isRegularFile(dir.resolve("node_modules/age-encryption/package.json"))
                && Files.isRegularFile(dir.resolve("node_modules/cctv-age/package.json"));
    }

    /** @return null when installed, else why not */
    private static String install(Path dir) {
        try {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of("npm", "install", "--prefix", dir.toString(), "--no-audit",
                    "--no-fund", "--loglevel=error"));
            cmd.addAll(List.of(PACKAGES.split(" ")));
            System.err.println("typage: installing " + PACKAGES + " with npm into " + dir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || !installed(dir)) {
                p.destroyForcibly();
                return "npm could not install " + PACKAGES + " into " + dir + ": " + out.strip();
            }
            return null;
        } catch (IOException e) {
            return "npm could not install " + PACKAGES + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while installing " + PACKAGES;
        }
    }

    /** Runs the script; {@code stdin} may be null. */
    AgeTestSupport.Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TYPAGE_DIR", dir.toString());
        return AgeTestSupport.run(stdin, pb);
    }

    /** A new post-quantum key pair: identity, recipient. */
    String[] keygenPq() throws IOException, InterruptedException {
        return ok(run(null, "keygen-pq")).out().strip().split("\n");
    }

    String recipientOf(String identity) throws IOException, InterruptedException {
        return ok(run(identity.getBytes(StandardCharsets.US_ASCII), "recipient")).out().strip();
    }

    String encrypt(byte[] plaintext, String... recipients) throws IOException, InterruptedException {
        String[] args = new String[recipients.length + 1];
        args[0] = "encrypt";
        System.arraycopy(recipients, 0, args, 1, recipients.length);
        return ok(run(plaintext, args)).out();
    }

    /** An age file encrypted with a passphrase (scrypt, work factor 2^logN), armored or binary. */
    byte[] encryptWithPassphrase(String passphrase, int logN, boolean armor, byte[] plaintext)
            throws IOException, InterruptedException {
        byte[] in = new byte[passphrase.getBytes(StandardCharsets.UTF_8).length + 1 + plaintext.length];
        byte[] p = (passphrase + "\n").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, in, 0, p.length);
        System.arraycopy(plaintext, 0, in, p.length, plaintext.length);
        return ok(run(in, "encrypt-passphrase", String.valueOf(logN), armor ? "armor" : "binary")).stdout();
    }

    /** Decrypts with the identities of a keys file; the result keeps typage's exit code and error. */
    AgeTestSupport.Result decrypt(String armored, Path identityFile) throws IOException, InterruptedException {
        return run(armored.getBytes(StandardCharsets.US_ASCII), "decrypt", identityFile.toString());
    }

    /** Writes the C2SP age test vectors whose name contains {@code part} into {@code out}. */
    void vectors(Path out, String part) throws IOException, InterruptedException {
        ok(run(null, "vectors", out.toString(), part));
    }

    private static AgeTestSupport.Result ok(AgeTestSupport.Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException("typage failed: " + r.stderr());
        }
        return r;
    }
}
