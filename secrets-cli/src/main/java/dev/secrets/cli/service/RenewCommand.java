package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.Main;
import dev.secrets.cli.Scopes;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Services;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.keys.Backups;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.FileLock;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.TreePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code secrets renew KEY [SERVICE...]}: one new value of the key's type, written into every scope
 * file that holds the key (services, their overlays, the shared scope) as one unit
 * ({@link RenewJournal}): all files keep the old value or all get the new one. Prints key and
 * service names only.
 */
public final class RenewCommand extends ContextVerb {
    String key;
    final List<String> services = new ArrayList<>();
    String type;
    boolean yes;
    boolean restart;
    boolean noBackup;
    final FileOptions files = new FileOptions(ctx);

    private final SecretGenerator generator = new SecretGenerator();

    public RenewCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("renew",
                "Give KEY a new random value everywhere it is held: every service's .env.enc,",
                "its environment overlays (.env.ENV.enc) and the shared scope (_shared/.env.enc),",
                "or only the SERVICEs named. One value, written into all the files as one unit:",
                "killed or failing midway, every file keeps the old value, or a journal",
                "(.secrets-renew.journal) is left that the next renew completes first.",
                "The type comes from the holders' secrets.types, or --type (see generate --help).",
                "Each file is first copied to .secrets-backup/<timestamp>/ (secrets restore undoes it).",
                "Asks unless -y; prints the services to restart; --restart deploys each.",
                "Only key and service names are printed, never a value.")
                .parameter("KEY", "the key to renew", v -> key = v)
                .parameters("SERVICE", "only these services (default: every holder)", 0, services::add)
                .option("-t, --type", "TYPE", "what to generate (default: from secrets.types)", v -> type = v)
                .flag("-y, --yes", "do not ask for confirmation", () -> yes = true)
                .flag("--restart", "deploy each changed service afterwards", () -> restart = true)
                .flag("--no-backup", "do not keep copies of the replaced files", () -> noBackup = true)
                .with(files);
    }

    @Override
    public Integer call() throws IOException {
        Path root = Services.requireRoot(ctx, files.root);
        RenewJournal journal = new RenewJournal(ctx, root);
        List<KeyHolders.ScopeFile> holders;
        try (FileLock repoLock = journal.lock()) {
            if (key.equals(journal.resume())) {
                ctx.out().println("renew: " + key + " was completed from the journal; nothing else renewed");
                return 0;
            }
            holders = holders(root);
            SecretType t = type(holders);
            if (!yes && !confirm(holders, t)) {
                ctx.err().println("renew: nothing changed");
                return 0;
            }
            write(root, journal, holders, t);
        }
        List<String> toRestart = restartList(root, holders);
        ctx.out().println("restart: " + String.join(" ", toRestart));
        ctx.out().flush();
        return restart ? deploy(root, toRestart) : 0;
    }

    /** The scope files holding the key; any that cannot be read stops the run, naming its service. */
    private List<KeyHolders.ScopeFile> holders(Path root) {
        List<Services.Service> chosen = Services.selected(ctx, root, services);
        List<KeyHolders.ScopeFile> out = new ArrayList<>();
        for (KeyHolders.ScopeFile f : KeyHolders.files(root, chosen)) {
            List<String> names;
            try {
                names = KeyHolders.names(ctx, f.file(), files);
            } catch (SopsException e) {
                throw new SopsException(e.exitCode(), "service " + f.label() + ": " + Main.oneLine(e.getMessage())
                        + "; nothing was written");
            }
            if (names.contains(key)) {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, key + ": no " + (services.isEmpty() ? "service" : "named service")
                    + " holds this key (looked in " + chosen.size() + " services under " + root + "); nothing was written");
        }
        out.sort((a, b) -> a.file().compareTo(b.file())); // the lock order of every renew: no deadlock between two
        return out;
    }

    /** --type, else the one type the holders' secrets.types declare for the key. */
    private SecretType type(List<KeyHolders.ScopeFile> holders) {
        SecretType t;
        if (type != null) {
            t = SecretType.parse(type);
        } else {
            Map<String, List<String>> declared = new LinkedHashMap<>();
            for (KeyHolders.ScopeFile f : holders) {
                SecretType d = SecretTypesFile.read(f.service().dir()).get(key);
                if (d != null) {
                    declared.computeIfAbsent(d.toString(), k -> new ArrayList<>()).add(f.service().name());
                }
            }
            if (declared.isEmpty()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, key + ": no type declared in the holders' "
                        + SecretTypesFile.FILE_NAME + "; give --type TYPE; nothing was written");
            }
            if (declared.size() > 1) {
                List<String> parts = new ArrayList<>();
                declared.forEach((k, v) -> parts.add(k + " in " + String.join(",", new LinkedHashSet<>(v))));
                throw new SopsException(ExitCodes.ERROR_GENERIC, key + " is declared with different types ("
                        + String.join("; ", parts) + "); give --type TYPE; nothing was written");
            }
            t = SecretType.parse(declared.keySet().iterator().next());
        }
        if (t.kind() == SecretType.Kind.MANUAL) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, key + " is a manual secret: it cannot be generated; set it "
                    + "with `secrets set SERVICE " + key + "` (value from stdin) in each service; nothing was written");
        }
        return t;
    }

    private void write(Path root, RenewJournal journal, List<KeyHolders.ScopeFile> holders, SecretType t) {
        int threads = Parallel.threads(ctx.env("SECRETS_THREADS"));
        // locks are taken and released by this thread (in path order); the work runs in parallel
        List<FileLock> locks = new ArrayList<>();
        RenewJournal.Change[] changes = new RenewJournal.Change[holders.size()];
        try {
            for (KeyHolders.ScopeFile f : holders) {
                locks.add(FileLock.acquire(f.file()));
            }
            SecretGenerator.Generated value = generator.generate(t);
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < holders.size(); i++) {
                indexes.add(i);
            }
            Parallel.forEach(indexes, threads, i -> changes[i] = prepare(holders.get(i), value));
            if (!noBackup) {
                Backups backups = new Backups(root);
                Parallel.forEach(List.of(changes), threads, c -> backups.save(c.file(), c.oldBytes()));
                ctx.log("backups: " + backups.describe());
            }
            journal.commit(key, List.of(changes));
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).close();
            }
        }
        List<String> labels = new ArrayList<>();
        holders.forEach(h -> labels.add(h.label()));
        ctx.out().println("renewed " + key + " (" + t + ")" + (t.kind() == SecretType.Kind.HTPASSWD || t.kind() == SecretType.Kind.BCRYPT
                ? " and " + key + GenerateCommand.PASSWORD_SUFFIX : "") + " in " + holders.size() + " files: " + String.join(", ", labels));
    }

    /** One holder read (under the lock the caller holds), opened, changed in memory and encrypted again. */
    private RenewJournal.Change prepare(KeyHolders.ScopeFile f, SecretGenerator.Generated value) {
        ctx.audit().record("renew", f.file(), value.password() != null ? new String[] {key, key + GenerateCommand.PASSWORD_SUFFIX}
                : new String[] {key});
        byte[] old = AtomicFile.read(f.file());
        SopsFile file;
        try {
            file = SecretFile.of(ctx, f.file(), files).open(false);
        } catch (SopsException e) {
            throw new SopsException(e.exitCode(), "service " + f.label() + ": " + Main.oneLine(e.getMessage())
                    + "; nothing was written");
        }
        try (file) {
            Branch doc = file.documents().get(0);
            TreePath.key(key).set(doc, value.value());
            if (value.password() != null) {
                TreePath.key(key + GenerateCommand.PASSWORD_SUFFIX).set(doc, value.password());
            }
            return new RenewJournal.Change(f.file(), old, file.encrypted());
        }
    }

    /** The services whose containers hold the old value: the holders, and for the shared scope every service. */
    static List<String> restartList(Path root, List<KeyHolders.ScopeFile> holders) {
        Set<String> out = new LinkedHashSet<>();
        for (KeyHolders.ScopeFile f : holders) {
            if (f.scope() == Scopes.Scope.SHARED) {
                for (Services.Service s : Services.all(root)) {
                    if (!Scopes.isShared(root, s.dir()) && DeployCommand.composeFile(s.dir()) != null) {
                        out.add(s.name());
                    }
                }
            } else {
                out.add(f.service().name());
            }
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(null);
        return sorted;
    }

    private int deploy(Path root, List<String> names) {
        int worst = 0;
        for (String name : names) {
            ctx.out().println("deploying " + name);
            ctx.out().flush();
            int code = Main.run(ctx, "deploy", name, "--root", root.toString());
            if (code != 0 && worst == 0) {
                worst = code;
            }
        }
        return worst;
    }

    private boolean confirm(List<KeyHolders.ScopeFile> holders, SecretType t) throws IOException {
        ctx.out().println("renew " + key + " (" + t + "): a new value in " + holders.size() + " files:");
        for (KeyHolders.ScopeFile f : holders) {
            ctx.out().println("  " + f.label() + " [" + f.scope().label() + "]");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
        while (true) {
            ctx.out().print("Is this okay? (y/n):");
            ctx.out().flush();
            String line = in.readLine();
            if (line == null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "no answer on stdin: nothing changed (use -y to skip the question)");
            }
            if (line.trim().equals("y")) {
                return true;
            }
            if (line.trim().equals("n")) {
                return false;
            }
        }
    }
}
