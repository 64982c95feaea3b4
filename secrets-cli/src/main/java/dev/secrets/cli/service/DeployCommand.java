package dev.secrets.cli.service;

import dev.secrets.cli.Child;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.InjectionPolicy;
import dev.secrets.cli.PlaintextGuard;
import dev.secrets.cli.ScopedEnv;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.ShellCommand;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.FileLock;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code secrets deploy SERVICE}: decrypts to a temporary {@code .env} (0600), runs {@code docker
 * compose up -d} in the service folder, and removes the {@code .env} whatever happens. Values the
 * compose file takes as secret files ({@link ComposeSecrets}) are written to a private tmpfs folder
 * ({@link SecretsDir}) that stays while the stack runs. {@link DownCommand} runs {@code down} the same way.
 */
public class DeployCommand extends ContextVerb {
    static final List<String> COMPOSE_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml",
            "docker-compose.yml");

    String service;
    final List<String> composeArgs = new ArrayList<>();
    boolean dryRun;
    boolean keepEnv;
    boolean force;
    String secretsDirOption;
    SecretsDir secretsDir; // where the secret files go (or an earlier deploy left them); null when neither
    String environment;
    final FileOptions files = new FileOptions(ctx);
    final InjectionPolicy injection = new InjectionPolicy(ctx);

    public DeployCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return options(new Syntax("deploy",
                "Decrypt a service's .env.enc to a temporary .env (0600), run docker compose up -d",
                "in the service folder, and remove the .env afterwards (success, failure, Ctrl-C).",
                "Compose secrets with file: ${SECRETS_DIR}/KEY get KEY's value in a private tmpfs folder,",
                "kept while the stack runs (secrets down removes it).",
                "The compose command can be changed with SECRETS_COMPOSE (e.g. 'docker --context prod compose')."));
    }

    /** compose's subcommand: {@code up -d} here, {@code down} for DownCommand. */
    List<String> subcommand() {
        return List.of("up", "-d");
    }

    Syntax options(Syntax syntax) {
        return syntax
                .parameter("SERVICE", "a service folder or name", v -> service = v)
                .parameters("COMPOSE_ARGS", "extra arguments for 'compose " + String.join(" ", subcommand()) + "' (after --)", 0,
                        composeArgs::add)
                .flag("--dry-run", "decrypt in memory, verify, and print the plan; write and run nothing", () -> dryRun = true)
                .flag("--keep-env", "leave the decrypted .env in place afterwards", () -> keepEnv = true)
                .flag("--force", "replace a .env that already exists (it is removed afterwards like ours, unless --keep-env)", () -> force = true)
                .option("--secrets-dir", "DIR", "where secret files go when no tmpfs is found (default: SECRETS_RUNTIME_DIR, "
                        + "$XDG_RUNTIME_DIR or /dev/shm, when a tmpfs)", v -> secretsDirOption = v)
                .option("--env", "ENV", "merge the overlay SERVICE/ENV.env.enc over the shared and service scopes (default: SECRETS_ENV)", v -> environment = v)
                .with(files)
                .with(injection);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Target t = Target.resolve(ctx, service, files.root);
        if (!t.isService()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, service + ": deploy takes a service folder, not a file");
        }
        Path dir = t.serviceDir().toAbsolutePath().normalize();
        Path enc = t.requireEncrypted();
        ctx.audit().record((isDown() ? "down" : "deploy") + (dryRun ? " --dry-run" : ""), enc);
        Path composeFile = composeFile(dir);
        List<String> command = command();
        Path env = dir.resolve(Target.PLAIN_ENV);
        // the files compose reads: those SECRETS_COMPOSE names with -f (or COMPOSE_FILE) count, not only the default
        ComposeSecrets fileSecrets = isDown() ? ComposeSecrets.NONE
                : ComposeSecrets.read(ComposeTool.files(ctx, dir, composeFile));
        secretsDir = SecretsDir.of(ctx, dir, secretsDirOption, !fileSecrets.isEmpty() && !isDown());
        SecretFile secret = SecretFile.of(ctx, enc, files);
        // shared < service < environment; each scope file verified and checked by the injection policy
        ScopedEnv scoped = ScopedEnv.load(ctx, files, t, environment, injection, null);
        byte[] plain = secret.store.emitPlain(List.of(scoped.merged()));
        List<String> keys = keyNames(scoped.merged());
        Map<String, byte[]> fileValues = fileSecrets.values(scoped.merged(), enc);
        try {
            if (dryRun) {
                printPlan(ctx.out(), dir, composeFile, enc, env, keys, command);
                scoped.sources().forEach(s -> ctx.out().println("  scope:        " + s.scope().label() + " " + s.file()));
                SecretFilesStep.printPlan(ctx.out(), secretsDir, fileValues.keySet(), isDown());
                return 0;
            }
            // Compose-level options such as -f go into SECRETS_COMPOSE ("docker compose -f prod.yml"): the
            // arguments after -- belong to `up`.
            if (composeFile == null && ctx.env("SECRETS_COMPOSE") == null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, dir + ": no compose file (" + String.join(", ", COMPOSE_FILES)
                        + "); name another with SECRETS_COMPOSE=\"docker compose -f FILE\"");
            }
            try (FileLock lock = DeployLock.take(ctx, env)) {
                Writes.refuseLink(env); // checked before the clean-up owns the name: a link is never removed either
                if (Files.exists(env) && !force) {
                    throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, env
                            + " already exists; it is not overwritten silently (remove it, or use --force)");
                }
                return run(dir, env, plain, command, fileValues);
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
            fileValues.values().forEach(v -> Arrays.fill(v, (byte) 0));
        }
    }

    boolean isDown() {
        return false;
    }

    private int run(Path dir, Path env, byte[] plain, List<String> command, Map<String, byte[]> fileValues)
            throws IOException, InterruptedException {
        Map<String, String> composeEnv = new HashMap<>(ctx.env());
        try (PlaintextGuard guard = new PlaintextGuard(ctx)) {
            SecretFilesStep files = new SecretFilesStep(ctx, secretsDir, isDown());
            files.before(fileValues, guard, composeEnv);
            if (!keepEnv) {
                guard.add(env);
            }
            Writes.atomic(ctx, env, plain, AtomicFile.OWNER_ONLY);
            ctx.log("running " + String.join(" ", command) + " in " + dir);
            Child compose;
            try {
                compose = Child.start(ctx, command, dir, composeEnv);
            } catch (IOException e) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, ComposeTool.notStarted(command));
            }
            guard.child(compose.process());
            int code = compose.waitFor();
            files.after(code, guard);
            if (code != 0) {
                ctx.err().println("secrets: " + String.join(" ", command) + " exited with " + code
                        + (keepEnv ? "" : "; " + env + " removed"));
                // stopped by our own shutdown (a signal): compose did not fail, and no probe may start now
                String hint = guard.shuttingDown() ? null : ComposeTool.missingPlugin(ctx, ComposeTool.base(ctx), dir, composeEnv);
                if (hint != null) {
                    ctx.err().println("secrets: " + hint);
                }
            }
            return code;
        }
    }

    /** SECRETS_COMPOSE (shell words) or {@code docker compose}, then the subcommand and the extra arguments. */
    List<String> command() {
        List<String> cmd = ComposeTool.command(ctx, subcommand());
        cmd.addAll(composeArgs);
        return cmd;
    }

    static Path composeFile(Path dir) {
        for (String name : COMPOSE_FILES) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    static List<String> keyNames(Branch doc) {
        List<String> names = new ArrayList<>();
        for (Branch.Item item : doc) {
            if (item.key() instanceof String k) {
                names.add(k);
            }
        }
        return names;
    }

    private void printPlan(PrintStream out, Path dir, Path composeFile, Path enc, Path env, List<String> keys,
                           List<String> command) {
        out.println((isDown() ? "down" : "deploy") + " plan (dry run: nothing written, nothing run)");
        out.println("  service:      " + dir);
        out.println("  compose file: " + (composeFile == null ? "none found (" + String.join(", ", COMPOSE_FILES) + ")" : composeFile));
        out.println("  secrets:      " + enc + " (decrypted in memory, MAC verified)");
        out.println("  keys:         " + keys.size() + " (" + String.join(", ", keys) + ")");
        out.println("  would write:  " + env + " (mode 0600" + (keepEnv ? ", kept afterwards" : ", removed when compose exits") + ")");
        if (Files.exists(env)) {
            out.println("  warning:      " + env + " already exists; deploy refuses unless --force");
        }
        out.println("  would run:    " + ShellCommand.join(command) + "   (in " + dir + ")");
    }
}
