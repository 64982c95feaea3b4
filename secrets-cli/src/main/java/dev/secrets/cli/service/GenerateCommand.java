package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.UsageException;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.TreePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code secrets generate SERVICE KEY --type T} and {@code secrets generate SERVICE --missing}: random
 * values written straight into the encrypted file (decrypted in memory, same data key, so the other
 * values keep their ciphertext). Prints key names and types, never a value.
 */
public final class GenerateCommand extends ContextVerb {
    /** Where the password behind an htpasswd/bcrypt hash is kept, so the user can log in with it. */
    static final String PASSWORD_SUFFIX = "_PASSWORD";

    String target;
    String key;
    String type;
    boolean force;
    boolean missing;
    final FileOptions files = new FileOptions(ctx);

    private final SecretGenerator generator = new SecretGenerator();

    public GenerateCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("generate",
                "Generate random secrets straight into a service's .env.enc",
                "(decrypted in memory only; other values keep their ciphertext).",
                "TYPE is one of:",
                "  password:N     N characters A-Za-z0-9",
                "  hex:N          N hexadecimal characters (4 random bits each)",
                "  base64:N       N random bytes, standard base64",
                "  uuid           a random (v4) UUID",
                "  htpasswd:USER  USER:$2y$12$... (bcrypt); its password goes to KEY_PASSWORD",
                "  bcrypt         the bare $2y$12$... hash; its password goes to KEY_PASSWORD",
                "  manual         never generated: use `secrets set SERVICE KEY`",
                "A value already set (a placeholder too) is replaced only with --force.",
                "--missing fills every empty, placeholder or absent key whose type",
                "SERVICE/secrets.types declares (docs/secrets-types.md); other empty or",
                "placeholder keys are listed and left alone. Prints key names, never values.")
                .parameter("SERVICE", "a service folder or name (or an encrypted file)", v -> target = v)
                .optionalParameter("KEY", "the key to generate (or --missing)", v -> key = v)
                .option("-t, --type", "TYPE", "what to generate (see above)", v -> type = v)
                .flag("-f, --force", "replace a value that is already set (placeholders included)", () -> force = true)
                .flag("--missing", "fill every empty/placeholder key declared in SERVICE/secrets.types", () -> missing = true)
                .with(files);
    }

    @Override
    public Integer call() {
        if (missing == (key != null)) {
            throw new UsageException("generate: give either KEY --type TYPE, or --missing");
        }
        if (!missing && type == null) {
            throw new UsageException("generate: --type is required with KEY");
        }
        if (missing && type != null) {
            throw new UsageException("generate: --type goes with KEY; --missing reads "
                    + SecretTypesFile.FILE_NAME);
        }
        SecretType single = missing ? null : SecretType.parse(type);
        if (single != null && single.kind() == SecretType.Kind.MANUAL) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, key + " is a manual secret: set it with `secrets set "
                    + target + " " + key + "` (value from stdin)");
        }
        Target t = Target.resolve(ctx, target, files.root);
        Path enc = t.requireEncrypted();
        Path typesDir = t.isService() ? t.serviceDir() : enc.toAbsolutePath().getParent();
        Map<String, SecretType> declared = missing ? SecretTypesFile.read(typesDir) : Map.of();
        SecretFile secret = SecretFile.of(ctx, enc, files);
        try (SopsFile opened = secret.open(false)) {
            List<Branch> docs = opened.documents();
            Branch doc = docs.get(0);
            Map<String, SecretType> plan = missing ? missingPlan(doc, declared, typesDir) : Map.of(key, single);
            if (plan.isEmpty()) {
                ctx.out().println("nothing to generate in " + enc);
                return 0;
            }
            List<String> done = new ArrayList<>();
            for (Map.Entry<String, SecretType> e : plan.entrySet()) {
                done.add(apply(doc, e.getKey(), e.getValue(), enc));
            }
            secret.save(opened);
            done.forEach(ctx.out()::println);
        }
        return 0;
    }

    /** Declared keys that need a value, in secrets.types order; reports the ones it cannot fill. */
    private Map<String, SecretType> missingPlan(Branch doc, Map<String, SecretType> declared, Path typesDir) {
        if (declared.isEmpty()) {
            ctx.err().println("secrets: no types declared (" + typesDir.resolve(SecretTypesFile.FILE_NAME)
                    + " is missing or empty)");
        }
        Map<String, SecretType> plan = new LinkedHashMap<>();
        List<String> manual = new ArrayList<>();
        for (Map.Entry<String, SecretType> e : declared.entrySet()) {
            if (!status(doc, e.getKey()).needsValue()) {
                continue;
            }
            if (e.getValue().kind() == SecretType.Kind.MANUAL) {
                manual.add(e.getKey());
            } else {
                plan.put(e.getKey(), e.getValue());
            }
        }
        List<String> undeclared = new ArrayList<>();
        for (Branch.Item item : doc) {
            String k = item.isComment() ? null : item.key().toString();
            if (k != null && !declared.containsKey(k) && ValueStatus.of(item.value()).needsValue()
                    && !isCompanionOf(k, plan)) {
                undeclared.add(k);
            }
        }
        if (!manual.isEmpty()) {
            ctx.err().println("left alone (manual, use secrets set): " + String.join(", ", manual));
        }
        if (!undeclared.isEmpty()) {
            ctx.err().println("left alone (no type in " + SecretTypesFile.FILE_NAME + "): " + String.join(", ", undeclared));
        }
        return plan;
    }

    private static boolean isCompanionOf(String k, Map<String, SecretType> plan) {
        return k.endsWith(PASSWORD_SUFFIX) && plan.containsKey(k.substring(0, k.length() - PASSWORD_SUFFIX.length()))
                && hasPassword(plan.get(k.substring(0, k.length() - PASSWORD_SUFFIX.length())));
    }

    /** Hash types keep the password they hash under KEY_PASSWORD: without it nobody could log in. */
    static boolean hasPassword(SecretType t) {
        return t.kind() == SecretType.Kind.HTPASSWD || t.kind() == SecretType.Kind.BCRYPT;
    }

    private static ValueStatus status(Branch doc, String k) {
        return doc.containsKey(k) ? ValueStatus.of(doc.get(k)) : ValueStatus.EMPTY;
    }

    /** Sets one key (and an htpasswd key's password companion); returns the line to print. */
    private String apply(Branch doc, String k, SecretType t, Path enc) {
        refuseOverwrite(doc, k, enc);
        String companion = k + PASSWORD_SUFFIX;
        if (hasPassword(t)) {
            refuseOverwrite(doc, companion, enc);
        }
        SecretGenerator.Generated g = generator.generate(t);
        TreePath.key(k).set(doc, g.value());
        if (g.password() != null) {
            TreePath.key(companion).set(doc, g.password());
            return "generated " + k + " (" + t + "), its password in " + companion;
        }
        return "generated " + k + " (" + t + ")";
    }

    /** Empty values are filled freely; anything else (a placeholder too) only with --force. */
    private void refuseOverwrite(Branch doc, String k, Path enc) {
        ValueStatus s = status(doc, k);
        if (s == ValueStatus.EMPTY || force) {
            return;
        }
        if (missing && s == ValueStatus.PLACEHOLDER) {
            return;
        }
        throw new SopsException(ExitCodes.ERROR_GENERIC, enc + ": " + k + " already has a value"
                + (s == ValueStatus.PLACEHOLDER ? " (a placeholder: --missing or --force replaces it)"
                        : "; use --force to replace it") + "; nothing was written");
    }
}
