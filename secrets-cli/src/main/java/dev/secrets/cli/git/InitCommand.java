package dev.secrets.cli.git;

import dev.secrets.age.AgeIdentity;
import dev.secrets.age.AgeKeyFileWriter;
import dev.secrets.age.AgeKeygen;
import dev.secrets.age.AgeRecipient;
import dev.secrets.age.LoadedIdentities;
import dev.secrets.cli.Context;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Verb;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigLoader;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.git.Git;
import dev.secrets.sops.git.SecretNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code secrets init}: sets a repo up for encrypted secrets, step by step, each step idempotent:
 * an age key (found as decrypt finds one, else created), {@code .sops.yaml}, {@code .gitignore}, and
 * in a git work tree the pre-commit guard, {@code .gitattributes} and the diff/merge drivers. A file
 * it did not write is never replaced: it says what to add instead.
 */
public final class InitCommand implements Verb {
    static final List<String> IGNORED = List.of(".env", ".env.local", ".env.*.local", ".secrets-backup/", ".*.tmp",
            ".secrets-renew.journal");
    private static final String SERVICE_EXAMPLE = "service";

    private final Context ctx;
    Path root;
    String age;

    private final List<String> changed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Path createdKey;

    public InitCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Syntax syntax() {
        return new Syntax("init",
                "Set a repo up for encrypted secrets; running it again changes nothing.",
                "1. your age key: the first one key discovery finds (SOPS_AGE_KEY_FILE, SOPS_AGE_KEY,",
                "   ~/.config/sops/age/keys.txt ...), else a new one there (folders 0700, file 0600)",
                "2. .sops.yaml: a rule for .env.enc and *.enc.{yaml,json,env,ini} with your public key",
                "   (or --age's); an existing .sops.yaml is never changed, you are told what to add",
                "3. .gitignore: .env and the other plaintext names",
                "4. in a git work tree: a pre-commit hook running `secrets guard` (a hook already there",
                "   is kept and runs first), .gitattributes lines routing *.enc and .env.enc to the sops",
                "   diff and merge drivers, and those drivers in the local git config",
                "Hooks and drivers run the launcher that runs this command ($SECRETS_LAUNCHER), else",
                "`secrets` on PATH.")
                .option("--root", "DIR", "the repo folder (default: the top of the git work tree, else the working folder)",
                        v -> root = ctx.path(v))
                .option("--age", "R1,R2", "the recipients for .sops.yaml, comma-separated (a team); default: your own public key",
                        v -> age = v);
    }

    @Override
    public Integer call() throws IOException {
        Path dir = (root == null ? ctx.workingDir() : ctx.resolve(root)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, dir + ": no such folder");
        }
        Git git = new Git(dir, ctx.env());
        Path top = git.topLevel();
        Path repo = root == null && top != null ? top : dir;

        List<String> recipients = recipients();
        sopsYaml(repo, recipients);
        List<String> ignored = LineFile.ensure(repo.resolve(".gitignore"), "plaintext secrets: never committed (secrets init)", IGNORED);
        if (!ignored.isEmpty()) {
            changed.add("added to .gitignore: " + String.join(" ", ignored));
        }
        if (top == null) {
            notes.add("not a git work tree: skipped the pre-commit guard, .gitattributes and the git drivers "
                    + "(run secrets init again after git init)");
        } else {
            gitIntegration(git, repo);
        }
        report(repo, top != null);
        return 0;
    }

    /** --age's recipients, else the public key of the first native age identity found, else of a new one. */
    private List<String> recipients() {
        LoadedIdentities found = ctx.ageKeys().load(null);
        String own = null;
        for (AgeIdentity id : found.identities()) {
            if (id.recipient().startsWith("age1")) {
                own = id.recipient();
                break;
            }
        }
        if (age != null) {
            List<String> given = new ArrayList<>();
            for (AgeRecipient r : AgeRecipient.parseList(age)) {
                given.add(r.id());
            }
            if (given.isEmpty()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "init: --age lists no recipient");
            }
            if (own != null && !given.contains(own)) {
                notes.add("your own key " + own + " is not among --age's recipients: you will not be able to decrypt");
            }
            return given;
        }
        if (own != null) {
            ctx.out().println("age key: found (public key " + own + ")");
            return List.of(own);
        }
        Path keyFile = ctx.ageKeys().defaultKeyFile();
        if (keyFile == null) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "init: no age key found and no config folder to create one in "
                    + "(set HOME or XDG_CONFIG_HOME, or pass --age)");
        }
        if (Files.exists(keyFile)) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, keyFile + " exists but holds no age identity"
                    + (found.errors().isEmpty() ? "" : " (" + String.join("; ", found.errors()) + ")")
                    + ": fix it, or pass --age");
        }
        AgeKeygen key = AgeKeygen.generate();
        AgeKeyFileWriter.create(keyFile, key);
        createdKey = keyFile;
        changed.add("created age key " + keyFile + " (mode 0600), public key " + key.publicKey());
        return List.of(key.publicKey());
    }

    private void sopsYaml(Path repo, List<String> recipients) {
        Path file = repo.resolve(ConfigLoader.FILE_NAME);
        if (!Files.exists(file)) {
            AtomicFile.write(file, sopsYamlText(recipients).getBytes(StandardCharsets.UTF_8), false);
            changed.add("created " + ConfigLoader.FILE_NAME + ": .env.enc and *.enc.{yaml,json,env,ini} encrypted for "
                    + String.join(", ", recipients));
            return;
        }
        SopsConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (SopsException e) {
            notes.add("left " + file + " as it is: it does not load (" + e.getMessage() + ")");
            return;
        }
        CreationRule rule;
        try {
            rule = config.ruleFor(repo.resolve(SERVICE_EXAMPLE).resolve(SecretNames.ENCRYPTED_ENV));
        } catch (SopsException e) {
            rule = null;
        }
        if (rule == null || rule.keyGroups().isEmpty()) {
            notes.add("left " + file + " as it is: no rule with keys covers .env.enc; add one:\n"
                    + indent(ruleText(recipients)));
            return;
        }
        List<String> missing = new ArrayList<>(recipients);
        missing.removeAll(rule.ageRecipients().stream().map(String::strip).toList());
        if (!missing.isEmpty()) {
            notes.add("left " + file + " as it is: its rule for .env.enc lacks " + String.join(", ", missing)
                    + "; add to its age: recipients (comma-separated), then someone who can decrypt runs: "
                    + "secrets updatekeys --all -y");
        }
    }

    static String sopsYamlText(List<String> recipients) {
        return "# Which files sops and secrets encrypt, and for whom (written by secrets init).\n"
                + "# age: the public keys (age1...) that can decrypt, comma-separated. To add someone: append\n"
                + "# their public key, then run `secrets updatekeys --all` (rewraps the data keys).\n"
                + "creation_rules:\n"
                + ruleText(recipients);
    }

    private static String ruleText(List<String> recipients) {
        return "  - path_regex: " + SecretNames.INIT_PATH_REGEX + "\n"
                + "    age: " + String.join(",", recipients) + "\n";
    }

    private void gitIntegration(Git git, Path repo) throws IOException {
        String command = Launcher.command(ctx);
        Git.Result hooksPathSetting = git.run("config", "--get", "core.hooksPath");
        if (hooksPathSetting.ok() && !hooksPathSetting.text().isEmpty()) {
            notes.add("left the pre-commit hook alone: core.hooksPath is set (" + hooksPathSetting.text()
                    + "); add this line to its pre-commit hook: " + PreCommitHook.guardLine(command));
        } else {
            Path hooks = git.gitPath("hooks");
            if (hooks == null) {
                notes.add("could not find git's hooks folder: add this line to your pre-commit hook: "
                        + PreCommitHook.guardLine(command));
            } else {
                PreCommitHook.Outcome o = PreCommitHook.install(hooks, command);
                switch (o.result()) {
                    case CHANGED -> changed.add(o.message());
                    case LEFT -> notes.add(o.message());
                    default -> { }
                }
            }
        }
        List<String> attributes = LineFile.ensure(repo.resolve(".gitattributes"),
                "sops files: decrypted diffs and key-by-key merges (secrets init; drivers in .git/config)",
                GitDrivers.ATTRIBUTES);
        if (!attributes.isEmpty()) {
            changed.add("added to .gitattributes: " + String.join(" ", attributes.stream().map(l -> l.split(" ")[0]).toList())
                    + " (diff=sops merge=sops)");
        }
        notes.addAll(GitDrivers.configure(git, command, changed));
    }

    private void report(Path repo, boolean git) {
        changed.forEach(c -> ctx.out().println(c));
        notes.forEach(n -> ctx.out().println("note: " + n));
        if (changed.isEmpty()) {
            ctx.out().println("nothing to change: " + repo + " is set up" + (notes.isEmpty() ? "" : " (see the notes)"));
        }
        ctx.out().println();
        ctx.out().println("Next steps:");
        int n = 1;
        if (createdKey != null) {
            ctx.out().println("  " + n++ + ". back up " + createdKey + ": without it the secrets cannot be decrypted");
        }
        ctx.out().println("  " + n++ + ". put a service's values in SERVICE/.env, then: secrets encrypt SERVICE");
        if (git) {
            ctx.out().println("  " + n++ + ". git add .sops.yaml .gitignore .gitattributes SERVICE/.env.enc && git commit");
            ctx.out().println("     (the pre-commit guard refuses plaintext secrets; git diff shows .env.enc decrypted)");
        }
        ctx.out().println("  " + n + ". a teammate runs secrets init in their clone and sends you the public key it shows;");
        ctx.out().println("     add it to the age: line of .sops.yaml, then: secrets updatekeys --all");
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
