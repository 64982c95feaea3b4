package dev.secrets.cli;

import dev.secrets.age.AgeKeyDiscovery;
import dev.secrets.cli.audit.AuditTrail;
import dev.secrets.pgp.GpgIdentity;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigResolver;
import dev.secrets.sops.keys.DecryptionOrder;
import dev.secrets.sops.keys.Identity;
import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a verb takes from the world it runs in: its streams, its environment and working
 * folder, the terminal, and {@code --verbose}. {@link #system()} is the real process; tests build
 * their own and run the CLI in-process ({@link Main#run(Context, String...)}).
 */
public final class Context {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path workingDir;
    private final boolean processWorkingDir;
    // looked up on first use: System.console() runs a ServiceLoader over the module layer (JDK 22+
    // look for JLine's console), a cost every start paid though few verbs ask for the terminal
    private final java.util.function.Supplier<Console> consoleLookup;
    private Console console;
    private boolean consoleLookedUp;
    private final boolean systemStreams;
    private boolean verbose;
    private List<Identity> identities;
    private final Set<Path> approvedConfigs = ConcurrentHashMap.newKeySet();
    private AuditTrail audit;
    private String program = "secrets";
    private String decryptionOrder;
    private boolean classicForm;

    private Context(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir,
                    java.util.function.Supplier<Console> consoleLookup) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        Path cwd = Path.of("").toAbsolutePath();
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.processWorkingDir = this.workingDir.equals(cwd);
        this.consoleLookup = consoleLookup;
        this.systemStreams = in == System.in && out == System.out && err == System.err;
    }

    /**
     * This process: System's streams, environment, working folder and console; the name it was run
     * by from the launcher ({@code -Dsecrets.program}: {@code sops} through a symlink named so).
     */
    public static Context system() {
        Context ctx = new Context(System.in, System.out, System.err, System.getenv(), Path.of(""), System::console);
        return ctx.program(System.getProperty("secrets.program", "secrets"));
    }

    /** sops' --decryption-order (a comma list of key types tried first); checked at once, as sops does. */
    public void decryptionOrder(String commaSeparated) {
        DecryptionOrder.parse(commaSeparated);
        this.decryptionOrder = commaSeparated;
    }

    /** Whether the command line was sops' classic form ({@code -d FILE}), which always names a file. */
    public boolean classicForm() {
        return classicForm;
    }

    void classicForm(boolean on) {
        this.classicForm = on;
    }

    /** The name the command was run by: {@code secrets}, or {@code sops} through a symlink. */
    public String program() {
        return program;
    }

    /** Sets the name the command was run by (a path's last part counts). */
    public Context program(String name) {
        String last = name == null ? "" : name.substring(name.lastIndexOf('/') + 1);
        this.program = last.isEmpty() ? "secrets" : last;
        return this;
    }

    /** Whether the command was run as {@code sops} (a symlink to the launcher), for tools that shell out to sops. */
    public boolean asSops() {
        return program.equals("sops");
    }

    /** Given streams, environment and working folder, and no terminal. */
    public static Context of(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir) {
        return new Context(in, out, err, env, workingDir, () -> null);
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** The terminal, or null when there is none (and always in-process). */
    public Console console() {
        if (!consoleLookedUp) {
            console = consoleLookup.get();
            consoleLookedUp = true;
        }
        return console;
    }

    /** An environment variable, or null. */
    public String env(String name) {
        return env.get(name);
    }

    /** The whole environment (unmodifiable). */
    public Map<String, String> env() {
        return env;
    }

    /** The working folder, absolute. */
    public Path workingDir() {
        return workingDir;
    }

    /**
     * A path given on the command line or in the environment: as written when the working folder is
     * this process's own (so messages show it as the user typed it), else resolved against it.
     */
    public Path path(String given) {
        return resolve(Path.of(given));
    }

    /** As {@link #path(String)}, for a Path. */
    public Path resolve(Path given) {
        return processWorkingDir || given.isAbsolute() ? given : workingDir.resolve(given);
    }

    public boolean verbose() {
        return verbose;
    }

    public void verbose(boolean on) {
        this.verbose = on;
    }

    /**
     * {@code --verbose}: a step on stderr. Never a value, a data key or a private key: callers pass
     * names, paths and counts only (SecretHygieneTest checks it with a sentinel value).
     */
    public void log(String step) {
        if (verbose) {
            err.println("secrets: " + Main.oneLine(step));
        }
    }

    /** Whether the streams are this process's own, so that a child can inherit them. */
    public boolean inheritsStreams() {
        return systemStreams;
    }

    /**
     * Every identity the environment offers (age keys files, SOPS_AGE_KEY, SSH keys ...), then gpg for
     * pgp entries. Key discovery is not free: found once, shared by every file a verb opens.
     */
    public synchronized List<Identity> identities() {
        if (identities == null) {
            String order = decryptionOrder != null ? decryptionOrder : env.get("SOPS_DECRYPTION_ORDER");
            identities = order == null || order.isEmpty() ? List.of(ageKeys().identities(), new GpgIdentity(env))
                    : List.of(ageKeys().identities(), new GpgIdentity(env), DecryptionOrder.parse(order));
        }
        return identities;
    }

    /** What this run does to secrets, for the audit log (made on first use: verbs that touch no secret pay nothing). */
    public synchronized AuditTrail audit() {
        if (audit == null) {
            audit = new AuditTrail(this);
        }
        return audit;
    }

    /** Writes the audit entries the verb recorded, if any (Main, when the verb has ended). */
    synchronized void finishAudit(int exitCode) {
        if (audit != null) {
            audit.finish(exitCode);
        }
    }

    /** sops' age key discovery over this environment and {@code $HOME}. */
    public AgeKeyDiscovery ageKeys() {
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return new AgeKeyDiscovery(env, home == null || home.isEmpty() ? null : Path.of(home));
    }

    /** The {@code .sops.yaml} lookup: {@code --config} (or null), {@code SOPS_CONFIG}, then upward. */
    public ConfigResolver configs(Path explicitConfig) {
        return new ConfigResolver(explicitConfig, env.get("SOPS_CONFIG"), workingDir)
                .withTrustCheck(ConfigGate.trustCheck(this));
    }

    /** Nested configs the user accepted in this run ({@link ConfigGate}). */
    Set<Path> approvedConfigs() {
        return approvedConfigs;
    }

    /** Writes to stdout; a full disk or a closed pipe is an error (PrintStream alone would hide it). */
    public void writeStdout(byte[] data) {
        out.write(data, 0, data.length);
        out.flush();
        if (out.checkError()) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not write to stdout");
        }
    }
}
