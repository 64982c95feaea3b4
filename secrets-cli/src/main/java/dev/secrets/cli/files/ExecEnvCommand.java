package dev.secrets.cli.files;

import dev.secrets.cli.Child;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.InjectionPolicy;
import dev.secrets.cli.ScopedEnv;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.UserSwitch;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.stores.ValueText;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code secrets exec-env SERVICE|FILE -- CMD...}: CMD runs with the decrypted values in its environment; no file is written. */
public final class ExecEnvCommand extends ContextVerb {
    String target;
    final List<String> command = new ArrayList<>();
    boolean pristine;
    String environment;
    String user;
    boolean sameProcess;
    final FileOptions files = new FileOptions(ctx);
    final InjectionPolicy injection = new InjectionPolicy(ctx);

    public ExecEnvCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("exec-env",
                "Run a command with the decrypted top-level values as environment variables.",
                "One argument is run by /bin/sh -c (as sops does); several are run directly.")
                .parameter("FILE|SERVICE", "an encrypted file, or a service folder or name", v -> target = v)
                .parameters("CMD", "the command and its arguments (after --)", 1, command::add)
                .flag("--pristine", "do not inherit this process's environment", () -> pristine = true)
                .option("--env", "ENV", "for a service: merge the overlay SERVICE/ENV.env.enc (default: SECRETS_ENV)", v -> environment = v)
                .option("--user", "NAME", "run the command as this user (needs root; through setpriv)", v -> user = v)
                .flag("--same-process", "accepted for sops scripts: a JVM cannot replace itself with the command, so it "
                        + "still runs as a child (same environment, streams and exit code); a note says so", () -> sameProcess = true)
                .with(files)
                .with(injection);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        UserSwitch as = user == null ? null : UserSwitch.of(ctx, user);
        if (sameProcess) {
            ctx.err().println("secrets: exec-env: --same-process is not possible in a JVM (it cannot exec): the command "
                    + "runs as a child process with the same environment, streams and exit code");
        }
        Target t = Target.resolve(ctx, target, files.root);
        Path enc = t.requireEncrypted();
        ctx.audit().record("exec-env", enc);
        Map<String, String> vars;
        Map<String, String> env = new HashMap<>(pristine ? Map.of() : ctx.env());
        if (t.isService()) { // the shared scope, the service, then the environment overlay; each file checked
            vars = variables(ScopedEnv.load(ctx, files, t, environment, injection, env).merged());
        } else {
            if (environment != null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, target + ": --env takes a service, not a file");
            }
            try (SopsFile decrypted = SecretFile.of(ctx, enc, files).open(false)) {
                injection.check(enc, decrypted.documents().get(0), decrypted.decrypted().unauthenticated(), env);
                vars = variables(decrypted.documents().get(0));
            }
        }
        if (as != null) {
            as.environment(env);
        }
        env.putAll(vars);
        ctx.log("running the command with " + vars.size() + " variables set: " + String.join(", ", vars.keySet()));
        vars.clear();
        try {
            List<String> line = commandLine(command);
            return Child.start(ctx, as == null ? line : as.wrap(line), null, env).waitFor();
        } catch (IOException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "could not run " + command.get(0) + ": " + e.getMessage());
        }
    }

    static List<String> commandLine(List<String> args) {
        return args.size() == 1 ? List.of("/bin/sh", "-c", args.get(0)) : args;
    }

    /** Top-level entries as strings (sops' ValToString); maps, lists and keys holding '=' are refused. */
    public static Map<String, String> variables(Branch doc) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Branch.Item item : doc) {
            if (!(item.key() instanceof String key)) {
                continue;
            }
            if (key.contains("=")) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "cannot use key " + key + " in the environment: it holds '='");
            }
            Object v = item.value();
            if (v instanceof Branch || v instanceof List) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "cannot use complex value in the environment; offending key "
                        + key);
            }
            String text = ValueText.valToString(v);
            if (key.indexOf('\0') >= 0 || text.indexOf('\0') >= 0) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "cannot use key " + key.replace('\0', '?')
                        + " in the environment: it holds a NUL character, which no environment variable can");
            }
            out.put(key, text);
        }
        return out;
    }
}
