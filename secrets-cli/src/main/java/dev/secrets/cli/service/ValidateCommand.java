package dev.secrets.cli.service;

import dev.secrets.cli.ConfigGate;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.InjectionPolicy;
import dev.secrets.cli.Main;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Scopes;
import dev.secrets.cli.Services;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.git.GitIntegration;
import dev.secrets.sops.GroupDiff;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.config.NestedConfig;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.EncryptedFiles;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code secrets validate [--all] [SERVICE...]}: one line per problem, exit 0 only when there is none. */
public final class ValidateCommand extends ContextVerb {
    final List<String> services = new ArrayList<>();
    boolean all;
    final FileOptions files = new FileOptions(ctx);

    private Path root;

    public ValidateCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("validate",
                "Check services' secrets. One line per finding, never a value:",
                "  SEVERITY path: message",
                "ERROR   a file that does not open, or whose MAC does not verify",
                "ERROR   recipients differ from the .sops.yaml rule (stale, missing named)",
                "ERROR   a PLACEHOLDER value (see `secrets list`)",
                "ERROR   a plaintext .env beside .env.enc",
                "ERROR   .env not ignored by git (git check-ignore inside a work tree,",
                "        else the .gitignore files are read), or .env tracked by git",
                "ERROR   the age key file (SOPS_AGE_KEY_FILE, else the default keys.txt)",
                "        readable by group or others (want 0600)",
                "ERROR   a secrets.types that does not parse",
                "ERROR   .secrets-renew.journal: an interrupted renew (secrets renew completes it)",
                "WARNING a nested .sops.yaml that gives a file other recipients than the root's",
                "WARNING an entry deploy would refuse: a duplicated name, a plaintext value",
                "        (its name is not authenticated by the MAC), an unauthenticated LD_*/DYLD_*",
                "WARNING dotenv lines with 'export ' or spaces around '=' (sops and",
                "        docker compose read them differently)",
                "WARNING a key defined in two scopes (shared _shared/.env.enc, the service,",
                "        an environment overlay SERVICE/ENV.env.enc): the later one wins",
                "WARNING a git work tree without the pre-commit guard or the sops diff/merge drivers",
                "        (secrets init). These are local settings a fresh clone (CI) never has,",
                "        so this warning alone does not change the exit code.",
                "Without SERVICE: every service under the repo root. --all also checks",
                "every other sops-encrypted file under the root.",
                "Exit 0 when there is no finding at all (but the git setup warning), 1 otherwise.")
                .parameters("SERVICE", "service folders or names (default: all)", 0, services::add)
                .flag("--all", "also check every other sops-encrypted file under the repo root", () -> all = true)
                .with(files);
    }

    @Override
    public Integer call() {
        root = Services.requireRoot(ctx, files.root);
        List<Services.Service> chosen = Services.selected(ctx, root, services);
        GitIgnoreCheck git = new GitIgnoreCheck(ctx, root);
        List<Finding> findings = new ArrayList<>(KeyFileCheck.check(ctx));
        if (Files.exists(root.resolve(RenewJournal.FILE_NAME))) {
            findings.add(Finding.error(RenewJournal.FILE_NAME, "an interrupted renew: services may hold different values "
                    + "until `secrets renew` completes it"));
        }
        for (Services.Service s : chosen) {
            findings.addAll(service(s, git));
        }
        int others = 0;
        if (all) {
            for (Path f : EncryptedFiles.under(root)) {
                if (!f.getFileName().toString().equals(Target.ENCRYPTED_ENV) && Scopes.environmentOf(f) == null) {
                    findings.addAll(encryptedFile(f, Services.name(root, f.getParent()), false));
                    others++;
                }
            }
        }
        List<Finding> setup = GitIntegration.gaps(ctx, root).stream()
                .map(g -> Finding.warning(g.path(), g.message())).toList();
        findings.forEach(ctx.out()::println);
        setup.forEach(ctx.out()::println);
        long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        ctx.err().println("validate: " + chosen.size() + " service(s)" + (all ? ", " + others + " other file(s)" : "")
                + ": " + errors + " error(s), " + (findings.size() - errors + setup.size()) + " warning(s)");
        return findings.isEmpty() ? 0 : 1;
    }

    private List<Finding> service(Services.Service s, GitIgnoreCheck git) {
        List<Finding> out = new ArrayList<>(encryptedFile(s.encrypted(), s.name(), true));
        if (!Scopes.isShared(root, s.dir())) {
            for (Path overlay : Scopes.overlays(s.dir())) {
                out.addAll(encryptedFile(overlay, s.name(), true));
            }
        }
        out.addAll(ScopeOverlap.check(ctx, files, root, s));
        Path plain = s.plainEnv();
        String plainName = Services.display(root, plain);
        if (Files.exists(plain)) {
            out.add(Finding.error(plainName, "plaintext .env beside .env.enc: run `secrets encrypt " + s.name()
                    + "` or delete it"));
        }
        GitIgnoreCheck.Result ignore = git.check(plain);
        if (!ignore.ignored()) {
            out.add(Finding.error(plainName, ".env is not ignored by git (" + ignore.method() + "): add '.env' to .gitignore"));
        }
        if (ignore.tracked()) {
            out.add(Finding.error(plainName, "plaintext .env is tracked by git: `git rm --cached " + plainName
                    + "` (and consider its history leaked)"));
        }
        try {
            SecretTypesFile.read(s.dir());
        } catch (SopsException e) {
            Path types = s.dir().resolve(SecretTypesFile.FILE_NAME);
            String m = Main.oneLine(e.getMessage());
            // the finding names the file already: keep "line N: why"
            out.add(Finding.error(Services.display(root, types), m.startsWith(types + " ") ? m.substring(types.toString().length() + 1) : m));
        }
        return out;
    }

    /** Recipients against the rule (no key needed), then open + MAC, placeholders and dotenv lines. */
    private List<Finding> encryptedFile(Path file, String service, boolean isService) {
        List<Finding> out = new ArrayList<>();
        String name = Services.display(root, file);
        SecretFile secret;
        try {
            secret = SecretFile.of(ctx, file, files);
            out.addAll(recipients(secret, name, service));
        } catch (SopsException e) {
            out.add(Finding.error(name, Main.oneLine(e.getMessage())));
            return out;
        }
        try (SopsFile opened = secret.open(false)) {
            Branch doc = opened.documents().get(0);
            for (Map.Entry<String, ValueStatus> e : ServiceKeys.statuses(opened.decrypted()).entrySet()) {
                if (e.getValue() == ValueStatus.PLACEHOLDER) {
                    out.add(Finding.error(name, e.getKey() + " is a placeholder: `secrets generate " + service
                            + " --missing` or `secrets set " + service + " " + e.getKey().strip() + "`"));
                }
            }
            if (secret.format == Format.DOTENV) {
                out.addAll(DotenvLint.check(name, doc));
            }
            if (isService) {
                try {
                    new InjectionPolicy(ctx).check(file, doc, opened.decrypted().unauthenticated(), null);
                } catch (SopsException e) {
                    String why = withoutPath(e.getMessage(), file).replaceFirst("^not injected: ", "");
                    out.add(Finding.warning(name, "deploy would refuse it: " + why));
                }
            }
        } catch (SopsException e) {
            out.add(Finding.error(name, "does not open: " + withoutPath(e.getMessage(), file)));
        }
        return out;
    }

    private List<Finding> recipients(SecretFile secret, String name, String service) {
        Metadata md;
        try {
            md = Sops.metadata(AtomicFile.read(secret.path), secret.store);
            if (md == null) {
                return List.of(); // no metadata: the open below says so
            }
        } catch (SopsException e) {
            return List.of();
        }
        SopsConfig config;
        NestedConfig nested;
        try {
            config = files.loadConfig(secret.path);
            nested = NestedConfig.check(secret.path, ConfigGate.repoRoot(ctx, secret.path, root), files.configs());
        } catch (SopsException e) {
            return List.of(Finding.error(name, Main.oneLine(e.getMessage())));
        }
        if (config == null) {
            return List.of(Finding.error(name, "no .sops.yaml found: recipients cannot be checked"));
        }
        List<Finding> out = new ArrayList<>();
        if (nested != null) {
            out.add(Finding.warning(name, "its " + nested.subject() + " come from the nested "
                    + Services.display(root, nested.config()) + ", not from the root's .sops.yaml" + nested.changes()));
        }
        CreationRule rule;
        try {
            rule = config.ruleFor(secret.path);
        } catch (SopsException e) {
            out.add(Finding.error(name, "no creation rule in " + config.file() + " matches this file"));
            return out;
        }
        if (rule != null) {
            out.addAll(recipientFindings(name, GroupDiff.of(md.keyGroups(), rule), service));
        }
        return out;
    }

    /** Keys to remove, then keys to add, group by group as updatekeys would change them. */
    private static List<Finding> recipientFindings(String path, List<GroupDiff> diffs, String service) {
        List<Finding> out = new ArrayList<>();
        String fix = " (run: secrets updatekeys " + service + ")";
        for (GroupDiff d : diffs) {
            d.removed().forEach(k -> out.add(Finding.error(path, "stale recipient " + k + ": not in the .sops.yaml rule" + fix)));
        }
        for (GroupDiff d : diffs) {
            d.added().forEach(k -> out.add(Finding.error(path, "missing recipient " + k + ": in the .sops.yaml rule, not in the file" + fix)));
        }
        return out;
    }

    private static String withoutPath(String message, Path file) {
        String m = Main.oneLine(message);
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
