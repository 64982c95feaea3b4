package dev.secrets.age;

import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the age identities of the environment in sops' order and names (age/keysource.go
 * loadIdentities): SSH keys first ({@code SOPS_AGE_SSH_PRIVATE_KEY_FILE},
 * {@code SOPS_AGE_SSH_PRIVATE_KEY_CMD}, {@code ~/.ssh/id_ed25519}, {@code ~/.ssh/id_rsa}), then
 * {@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE}, {@code SOPS_AGE_KEY_CMD} and the default
 * {@code <UserConfigDir>/sops/age/keys.txt}. Errors are collected, not thrown. Nothing is read
 * until {@link #load} runs.
 */
public final class AgeKeyDiscovery {
    public static final String SOPS_AGE_KEY = "SOPS_AGE_KEY";
    public static final String SOPS_AGE_KEY_FILE = "SOPS_AGE_KEY_FILE";
    public static final String SOPS_AGE_KEY_CMD = "SOPS_AGE_KEY_CMD";
    public static final String SOPS_AGE_RECIPIENT = "SOPS_AGE_RECIPIENT";
    public static final String SOPS_AGE_RECIPIENTS = "SOPS_AGE_RECIPIENTS";
    public static final String SOPS_AGE_SSH_PRIVATE_KEY_FILE = "SOPS_AGE_SSH_PRIVATE_KEY_FILE";
    public static final String SOPS_AGE_SSH_PRIVATE_KEY_CMD = "SOPS_AGE_SSH_PRIVATE_KEY_CMD";
    public static final String XDG_CONFIG_HOME = "XDG_CONFIG_HOME";

    /** The operating systems whose user config directory differs. */
    public enum Os {
        LINUX, MACOS, WINDOWS;

        public static Os current() {
            String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            if (name.startsWith("mac") || name.startsWith("darwin")) {
                return MACOS;
            }
            return name.startsWith("windows") ? WINDOWS : LINUX;
        }
    }

    private final Map<String, String> env;
    private final Path home;
    private final Os os;
    private final PassphrasePrompt passphrases;

    /**
     * @param env the environment (only the variables above are read)
     * @param home the user's home directory, or null when unknown
     */
    public AgeKeyDiscovery(Map<String, String> env, Path home, Os os) {
        this(env, home, os, new TerminalPassphrase());
    }

    /** @param passphrases asks for the passphrase of an encrypted identity file (default: on the terminal) */
    public AgeKeyDiscovery(Map<String, String> env, Path home, Os os, PassphrasePrompt passphrases) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.os = os;
        this.passphrases = passphrases;
    }

    public AgeKeyDiscovery(Map<String, String> env, Path home) {
        this(env, home, Os.current());
    }

    /** The process environment, {@code $HOME} (else {@code user.home}) and the running OS. */
    public static AgeKeyDiscovery fromSystem() {
        String h = System.getenv("HOME");
        if (h == null || h.isEmpty()) {
            h = System.getProperty("user.home");
        }
        return new AgeKeyDiscovery(System.getenv(), h == null || h.isEmpty() ? null : Paths.get(h), Os.current());
    }

    /** Lazily loading identities for {@link dev.secrets.sops.keys.Identity} use. */
    public AgeIdentities identities() {
        boolean usesRecipient = env.containsKey(SOPS_AGE_KEY_CMD) || env.containsKey(SOPS_AGE_SSH_PRIVATE_KEY_CMD);
        return new AgeIdentities(this::load, usesRecipient);
    }

    /** {@code SOPS_AGE_RECIPIENTS} (comma list; only an encryption input); empty when unset. */
    public List<AgeRecipient> recipientsFromEnv() {
        return recipientsFromEnv(env);
    }

    public static List<AgeRecipient> recipientsFromEnv(Map<String, String> env) {
        return AgeRecipient.parseList(env.getOrDefault(SOPS_AGE_RECIPIENTS, ""));
    }

    /** The default identities file, or null when the config directory cannot be determined. */
    public Path defaultKeyFile() {
        Path dir = userConfigDir();
        return dir == null ? null : dir.resolve("sops").resolve("age").resolve("keys.txt");
    }

    private Path userConfigDir() {
        String xdg = env.get(XDG_CONFIG_HOME);
        switch (os) {
            case WINDOWS -> {
                String appData = env.get("AppData");
                return appData == null || appData.isEmpty() ? null : Paths.get(appData);
            }
            case MACOS -> {
                if (xdg != null && !xdg.isEmpty()) {
                    return Paths.get(xdg);
                }
                return home == null ? null : home.resolve("Library").resolve("Application Support");
            }
            default -> {
                if (xdg != null && !xdg.isEmpty()) {
                    return Paths.get(xdg);
                }
                return home == null ? null : home.resolve(".config");
            }
        }
    }

    /**
     * Loads every source.
     *
     * @param recipient the recipient of the entry being decrypted, passed to key commands as
     *        {@code SOPS_AGE_RECIPIENT}; may be null
     */
    public LoadedIdentities load(String recipient) {
        List<AgeIdentity> identities = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        List<String> origins = new ArrayList<>(); // one per identity

        // 1. SSH keys
        String sshFile = env.get(SOPS_AGE_SSH_PRIVATE_KEY_FILE);
        if (sshFile != null) {
            sshFromFile(Paths.get(sshFile), identities, sources, errors, origins, SOPS_AGE_SSH_PRIVATE_KEY_FILE + " (" + sshFile + ")");
        } else {
            unused.add(SOPS_AGE_SSH_PRIVATE_KEY_FILE);
        }
        String sshCmd = env.get(SOPS_AGE_SSH_PRIVATE_KEY_CMD);
        if (sshCmd != null) {
            try {
                String out = runCommand(sshCmd, recipient);
                try {
                    identities.add(SshPrivateKeys.parse(out));
                    origins.add(SOPS_AGE_SSH_PRIVATE_KEY_CMD);
                    sources.add(SOPS_AGE_SSH_PRIVATE_KEY_CMD);
                } catch (SshPrivateKeys.PassphraseProtected e) { // as sops: there is no file to name in a prompt
                    errors.add("the SSH key returned by running SOPS_AGE_SSH_PRIVATE_KEY_CMD is password protected, which is"
                            + " unsupported. (" + GoQuote.quote(e.getMessage()) + ")");
                } catch (IllegalArgumentException e) {
                    errors.add("malformed SSH identity returned by running SOPS_AGE_SSH_PRIVATE_KEY_CMD: " + e.getMessage());
                }
            } catch (IllegalStateException e) {
                errors.add(e.getMessage());
            }
        } else {
            unused.add(SOPS_AGE_SSH_PRIVATE_KEY_CMD);
        }
        if (home != null) {
            for (String name : new String[] {"id_ed25519", "id_rsa"}) {
                Path p = home.resolve(".ssh").resolve(name);
                if (Files.exists(p)) {
                    sshFromFile(p, identities, sources, errors, origins, p.toString());
                } else {
                    unused.add(p.toString());
                }
            }
        }

        // 2-5. age identities texts, or age files holding one (passphrase-protected)
        record Source(String location, byte[] bytes, boolean severalPerLine, String origin) {
            Source(String location, byte[] bytes, boolean severalPerLine) {
                this(location, bytes, severalPerLine, location);
            }
        }
        List<Source> texts = new ArrayList<>();
        String key = env.get(SOPS_AGE_KEY);
        if (key != null) {
            texts.add(new Source(SOPS_AGE_KEY, key.getBytes(StandardCharsets.UTF_8), true));
        } else {
            unused.add(SOPS_AGE_KEY);
        }
        String keyFile = env.get(SOPS_AGE_KEY_FILE);
        if (keyFile != null) {
            try {
                texts.add(new Source(SOPS_AGE_KEY_FILE, Files.readAllBytes(Paths.get(keyFile)), false,
                        SOPS_AGE_KEY_FILE + " (" + keyFile + ")"));
            } catch (IOException e) {
                errors.add("failed to open " + SOPS_AGE_KEY_FILE + " file: open " + keyFile + ": " + ioReason(e));
            }
        } else {
            unused.add(SOPS_AGE_KEY_FILE);
        }
        String keyCmd = env.get(SOPS_AGE_KEY_CMD);
        if (keyCmd != null) {
            try {
                texts.add(new Source(SOPS_AGE_KEY_CMD, runCommandBytes(keyCmd, recipient), false));
            } catch (IllegalStateException e) {
                errors.add(e.getMessage());
            }
        } else {
            unused.add(SOPS_AGE_KEY_CMD);
        }
        Path defaultFile = defaultKeyFile();
        if (defaultFile == null) {
            if (texts.isEmpty() && identities.isEmpty()) {
                errors.add("user config directory could not be determined");
            }
        } else {
            try {
                texts.add(new Source(defaultFile.toString(), Files.readAllBytes(defaultFile), false));
            } catch (NoSuchFileException e) {
                if (texts.isEmpty() && identities.isEmpty()) {
                    unused.add(defaultFile.toString());
                }
            } catch (IOException e) {
                errors.add("failed to open file: open " + defaultFile + ": " + ioReason(e));
            }
        }
        for (Source t : texts) {
            if (EncryptedIdentityFile.isAgeFile(t.bytes())) {
                identities.add(new EncryptedIdentityFile(t.bytes(), t.location(), passphrases));
                origins.add(t.origin());
                sources.add(t.location());
                continue;
            }
            try {
                List<AgeIdentity> ids = AgeKeyFile.parse(new String(t.bytes(), StandardCharsets.UTF_8), t.location(),
                        t.severalPerLine());
                identities.addAll(ids);
                origins.addAll(java.util.Collections.nCopies(ids.size(), t.origin()));
                if (ids.isEmpty()) {
                    unused.add(t.location());
                } else {
                    sources.add(t.location());
                }
            } catch (SopsException e) {
                errors.add(e.getMessage());
            }
        }
        return new LoadedIdentities(identities, sources, errors, unused, origins);
    }

    private void sshFromFile(Path p, List<AgeIdentity> identities, List<String> sources, List<String> errors,
                             List<String> origins, String origin) {
        String text;
        try {
            text = read(p);
        } catch (IOException e) {
            errors.add("failed to open file: open " + p + ": " + ioReason(e));
            return;
        }
        try {
            AgeIdentity identity;
            try {
                identity = SshPrivateKeys.parse(text);
            } catch (SshPrivateKeys.PassphraseProtected e) {
                identity = new EncryptedSshIdentity(protectedKeyPublic(p, e), text, p.toString(), e.unusable(), passphrases);
            }
            identities.add(identity);
            origins.add(origin);
            sources.add(p.toString());
        } catch (ProtectedKeyProblem e) {
            errors.add(e.getMessage());
        } catch (IllegalArgumentException e) {
            errors.add("malformed SSH identity in " + GoQuote.quote(p.toString()) + ": " + e.getMessage());
        }
    }

    /**
     * The public key of a protected key file, as sops finds it (age/ssh_parse.go): in the file
     * (OpenSSH's format), else in {@code KEY.pub} beside it (legacy PEM); ssh-ed25519 or ssh-rsa.
     */
    private static SshPublicKey protectedKeyPublic(Path key, SshPrivateKeys.PassphraseProtected e) {
        byte[] wire = e.publicWire();
        if (wire != null) {
            supportedType(new SshWireReader(wire).readText());
            return SshPublicKey.fromWire(wire);
        }
        Path pub = Paths.get(key + ".pub");
        String line;
        try {
            line = read(pub);
        } catch (IOException io) {
            throw new ProtectedKeyProblem("failed to obtain public " + GoQuote.quote(pub.toString()) + " key for "
                    + GoQuote.quote(key.toString()) + " SSH key: open " + pub + ": " + ioReason(io));
        }
        try {
            supportedType(line.strip().split("\\s+", 2)[0]);
            return SshPublicKey.parseAuthorized(line);
        } catch (ProtectedKeyProblem problem) {
            throw problem;
        } catch (IllegalArgumentException bad) {
            throw new ProtectedKeyProblem("failed to parse " + GoQuote.quote(pub.toString()) + ": " + bad.getMessage());
        }
    }

    private static void supportedType(String type) {
        if (!SshPublicKey.ED25519.equals(type) && !SshPublicKey.RSA.equals(type)) {
            throw new ProtectedKeyProblem("could not create encrypted SSH identity: unsupported SSH key type: "
                    + dev.secrets.sops.internal.ErrorText.escape(type));
        }
    }

    /** A protected key file that cannot become an identity: sops' message, without the "malformed" prefix. */
    private static final class ProtectedKeyProblem extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ProtectedKeyProblem(String message) {
            super(message);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private String runCommand(String command, String recipient) {
        return new String(runCommandBytes(command, recipient), StandardCharsets.UTF_8);
    }

    /** Runs a command (split into words, no shell); its stdout. Failures as IllegalStateException. */
    private byte[] runCommandBytes(String command, String recipient) {
        List<String> args;
        try {
            args = ShellWords.split(command);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("failed to parse command " + command + ": " + e.getMessage());
        }
        if (args.isEmpty()) {
            throw new IllegalStateException("failed to parse command " + command + ": empty command");
        }
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().put(SOPS_AGE_RECIPIENT, recipient == null ? "" : recipient);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process proc = pb.start();
            proc.getOutputStream().close();
            byte[] out;
            try (InputStream in = proc.getInputStream()) {
                out = in.readAllBytes();
            }
            int code = proc.waitFor();
            if (code != 0) {
                throw new IllegalStateException("failed to execute command " + command + ": exit status " + code);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("failed to execute command " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("failed to execute command " + command + ": interrupted");
        }
    }
}
