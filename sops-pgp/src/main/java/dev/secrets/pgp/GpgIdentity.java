package dev.secrets.pgp;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.StoredKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Opens {@code pgp} entries as sops does: the armored message goes to the {@code gpg} binary
 * ({@code SOPS_GPG_EXEC} overrides it), which finds the secret key in {@code GNUPGHOME} or the agent.
 * Only started for files with pgp keys, after every age key failed, so age-only runs never run gpg.
 */
public final class GpgIdentity implements Identity {
    private final Map<String, String> env;
    private final String gpg;
    private final String gnupgHome;
    private volatile String lastProblem;

    /** gpg as an environment names it (and run in it): {@code SOPS_GPG_EXEC} (default {@code gpg}) and {@code GNUPGHOME}. */
    public GpgIdentity(Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.gpg = env.getOrDefault("SOPS_GPG_EXEC", "gpg");
        this.gnupgHome = env.get("GNUPGHOME");
    }

    /** gpg as this process's environment names it. */
    public GpgIdentity() {
        this(System.getenv());
    }

    @Override
    public byte[] unwrap(StoredKey key) {
        if (!StoredKey.PGP.equals(key.type())) {
            return null;
        }
        String exec = gpg;
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(exec, "--batch", "--quiet", "--no-tty", "--decrypt"));
            pb.environment().clear(); // gpg sees the environment it was named in (HOME, GNUPGHOME, agent socket)
            pb.environment().putAll(env);
            p = pb.start();
        } catch (IOException e) {
            lastProblem = "could not run " + exec + " to open pgp key " + key.id();
            return null;
        }
        try {
            // stderr is read on a thread so a chatty gpg cannot block on a full pipe.
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
            errReader.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(key.enc().getBytes(StandardCharsets.US_ASCII));
            }
            byte[] dataKey = p.getInputStream().readAllBytes();
            int exit = p.waitFor();
            errReader.join();
            if (exit != 0 || dataKey.length == 0) {
                // gpg names keys and reasons on stderr, never the plaintext (which went to stdout).
                lastProblem = "gpg could not decrypt pgp key " + key.id() + " (exit " + exit + ": "
                        + firstLine(err.toString(StandardCharsets.UTF_8)) + ")";
                return null;
            }
            return dataKey;
        } catch (IOException e) {
            lastProblem = "gpg failed on pgp key " + key.id() + ": " + e.getClass().getSimpleName();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, "interrupted while waiting for gpg");
        }
    }

    @Override
    public String describe() {
        String problem = lastProblem;
        return problem != null ? problem : "gpg (GNUPGHOME " + (gnupgHome == null ? "~/.gnupg" : gnupgHome) + ")";
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // the exit code reports the failure
        }
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
