package dev.secrets.cli.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.secrets.age.AgeRecipient;
import dev.secrets.cli.ConfigGate;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.InjectionPolicy;
import dev.secrets.cli.Main;
import dev.secrets.cli.Ownership;
import dev.secrets.cli.Scopes;
import dev.secrets.cli.ScopedEnv;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Services;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.UsageException;
import dev.secrets.cli.Writes;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.metadata.Selection;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code secrets export}: the repo's secrets for other tools. {@code --json}: the structure only
 * (services, scope files, keys, scope, type, status, used-by, recipients, last change), never a
 * value. {@code --env-dir DIR}: each service's merged values as {@code DIR/SERVICE/.env} (0600 in folders of the user's,
 * atomic). {@code --k8s SERVICE}: a Kubernetes Secret manifest holding the merged values, itself a
 * sops file ({@code encrypted_regex: ^(data|stringData)$}), so no plaintext is written.
 */
public final class ExportCommand extends ContextVerb {
    static final String K8S_REGEX = "^(data|stringData)$";
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    final List<String> services = new ArrayList<>();
    boolean json;
    Path envDir;
    String k8s;
    String namespace;
    String name;
    String output;
    String environment;
    final FileOptions files = new FileOptions(ctx);
    // env files and a k8s Secret feed containers as deploy does: the same injection policy
    final InjectionPolicy injection = new InjectionPolicy(ctx);

    public ExportCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("export",
                "Export the repo's secrets for other tools; one of:",
                "  --json [SERVICE...]     the structure only, never a value: services, scope files",
                "                          and their recipients, keys with scope, type (secrets.types),",
                "                          status, used-by and when the value last changed",
                "  --env-dir DIR [SERVICE...]  each service's merged values (shared < service <",
                "                          environment) as DIR/SERVICE/.env: files 0600, written",
                "                          atomically; folders it makes 0700, one already there must be",
                "                          yours and not writable by others. PLAINTEXT on disk: a warning",
                "                          says so",
                "  --k8s SERVICE           a Kubernetes Secret (v1) manifest with the merged values in",
                "                          stringData, encrypted as a sops YAML file (encrypted_regex",
                "                          ^(data|stringData)$; recipients from the .sops.yaml rule for",
                "                          the output path); Flux, ksops and sops-secrets-operator",
                "                          decrypt it in the cluster. No plaintext is written.")
                .parameters("SERVICE", "services (default for --json/--env-dir: all)", 0, services::add)
                .flag("--json", "the structure as JSON on stdout, no values", () -> json = true)
                .option("--env-dir", "DIR", "write DIR/SERVICE/.env for each service (plaintext)", v -> envDir = ctx.path(v))
                .option("--k8s", "SERVICE", "a sops-encrypted Kubernetes Secret for SERVICE", v -> k8s = v)
                .option("--namespace", "NS", "--k8s: metadata.namespace", v -> namespace = v)
                .option("--name", "NAME", "--k8s: metadata.name (default: the service's folder name)", v -> name = v)
                .option("-o, --output", "FILE", "--k8s: where to write (default SERVICE/k8s-secret.enc.yaml; - for stdout)",
                        v -> output = v)
                .option("--env", "ENV", "merge the overlay SERVICE/ENV.env.enc (default: SECRETS_ENV)", v -> environment = v)
                .with(files)
                .with(injection);
    }

    @Override
    public Integer call() throws IOException {
        int modes = (json ? 1 : 0) + (envDir != null ? 1 : 0) + (k8s != null ? 1 : 0);
        if (modes != 1) {
            throw new UsageException("export: give one of --json, --env-dir DIR, --k8s SERVICE");
        }
        if (k8s != null && !services.isEmpty()) {
            throw new UsageException("export: --k8s takes one service, given as --k8s SERVICE");
        }
        if (k8s == null && (namespace != null || name != null || output != null)) {
            throw new UsageException("export: --namespace, --name and --output go with --k8s");
        }
        Path root = Services.requireRoot(ctx, files.root);
        if (json) {
            return json(root);
        }
        if (envDir != null) {
            return envDir(root);
        }
        return k8s(root);
    }

    // ---- --json -------------------------------------------------------------------------------

    private int json(Path root) throws IOException {
        List<Services.Service> chosen = Services.selected(ctx, root, services);
        Map<String, TreeSet<String>> usedBy = ServiceKeys.usedBy(ctx, Services.all(root), files);
        boolean failed = false;
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeStringField("root", root.toString());
            g.writeArrayFieldStart("services");
            for (Services.Service s : chosen) {
                Map<String, SecretType> types = typesOrEmpty(s.dir());
                g.writeStartObject();
                g.writeStringField("name", s.name());
                g.writeArrayFieldStart("files");
                for (KeyHolders.ScopeFile f : KeyHolders.files(root, List.of(s))) {
                    failed |= !file(g, root, f, types, usedBy);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        ctx.out().print(w + "\n");
        return failed ? 1 : 0;
    }

    /** One scope file's entry; false when it could not be opened (its error is in the entry). */
    private boolean file(JsonGenerator g, Path root, KeyHolders.ScopeFile f, Map<String, SecretType> types,
                         Map<String, TreeSet<String>> usedBy) throws IOException {
        SecretFile secret = SecretFile.of(ctx, f.file(), files);
        String error = null;
        Map<String, ValueStatus> statuses = Map.of();
        List<String> names = List.of();
        List<String> recipients = new ArrayList<>();
        Map<String, Instant> changed = Map.of();
        try {
            byte[] bytes = AtomicFile.read(f.file());
            names = KeyHolders.names(ctx, f.file(), files);
            Metadata md = Sops.metadata(bytes, secret.store);
            if (md != null) {
                for (KeyGroup group : md.keyGroups()) {
                    for (StoredKey k : group.keys()) {
                        recipients.add(k.type() + ":" + k.id());
                    }
                }
            }
            changed = SecretAge.of(ctx, f.file(), secret.store);
            try (SopsFile opened = secret.open(false)) {
                statuses = ServiceKeys.statuses(opened.decrypted());
            }
        } catch (SopsException e) {
            error = Main.oneLine(e.getMessage());
        }
        g.writeStartObject();
        g.writeStringField("file", Services.display(root, f.file()));
        g.writeStringField("scope", scope(f));
        g.writeArrayFieldStart("recipients");
        for (String r : recipients) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("keys");
        for (String k : names) {
            g.writeStartObject();
            g.writeStringField("name", k);
            g.writeStringField("scope", scope(f));
            writeNullable(g, "type", types.containsKey(k) ? types.get(k).toString() : null);
            writeNullable(g, "status", statuses.containsKey(k) ? statuses.get(k).name() : null);
            g.writeArrayFieldStart("usedBy");
            for (String other : usedBy.getOrDefault(k, new TreeSet<>())) {
                if (!other.equals(f.service().name())) {
                    g.writeString(other);
                }
            }
            g.writeEndArray();
            writeNullable(g, "changed", changed.containsKey(k) ? DateTimeFormatter.ISO_INSTANT.format(changed.get(k)) : null);
            g.writeEndObject();
        }
        g.writeEndArray();
        writeNullable(g, "error", error);
        g.writeEndObject();
        return error == null;
    }

    private static String scope(KeyHolders.ScopeFile f) {
        return f.environment() != null ? "env:" + f.environment() : f.scope().label();
    }

    private static void writeNullable(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private static Map<String, SecretType> typesOrEmpty(Path dir) {
        try {
            return SecretTypesFile.read(dir);
        } catch (SopsException e) {
            return Map.of(); // validate reports a broken secrets.types
        }
    }

    // ---- --env-dir ----------------------------------------------------------------------------

    private int envDir(Path root) {
        List<Services.Service> chosen = new ArrayList<>();
        for (Services.Service s : Services.selected(ctx, root, services)) {
            if (!Scopes.isShared(root, s.dir())) {
                chosen.add(s);
            }
        }
        Path base = envDir.toAbsolutePath().normalize();
        // every service is opened and merged before the first file is written
        List<byte[]> plain = new ArrayList<>();
        try {
            for (Services.Service s : chosen) {
                ScopedEnv merged = ScopedEnv.load(ctx, files, new Target(null, s.dir()), environment, injection, null);
                plain.add(SecretFile.of(ctx, s.encrypted(), files).store.emitPlain(List.of(merged.merged())));
            }
            // every folder is made or checked before the first file is written
            List<Path> dirs = new ArrayList<>();
            for (Services.Service s : chosen) {
                dirs.add(privateDirs(base, s.name()));
            }
            ctx.err().println("secrets: warning: plaintext secrets are now on disk under " + base
                    + " (files 0600, folders made 0700); delete them when the stacks no longer need them");
            for (int i = 0; i < chosen.size(); i++) {
                Writes.atomic(ctx, dirs.get(i).resolve(Target.PLAIN_ENV), plain.get(i), AtomicFile.OWNER_ONLY);
                ctx.out().println("wrote " + chosen.get(i).name() + "/" + Target.PLAIN_ENV);
            }
        } finally {
            plain.forEach(b -> Arrays.fill(b, (byte) 0));
        }
        return 0;
    }

    /**
     * DIR/SERVICE (nested names too): each folder this run makes is made 0700; one already there is
     * left as it is (DIR may be the repo, or /srv), but must be this user's folder that no one else
     * can write: in a folder others may write (/tmp, even with its sticky bit) they could put their
     * own folder or link where a service's .env goes, or read what lands in it.
     */
    private static Path privateDirs(Path base, String service) {
        List<Path> chain = new ArrayList<>();
        for (Path p = base; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            chain.add(0, p); // DIR's missing parents are made too, 0700 like DIR
        }
        if (chain.isEmpty()) {
            chain.add(base);
        }
        Path dir = base;
        for (String part : service.split("/")) {
            dir = dir.resolve(part);
            chain.add(dir);
        }
        Path at = base;
        try {
            for (Path p : chain) {
                at = p;
                privateDir(p);
            }
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not create " + at + ": "
                    + e.getClass().getSimpleName());
        }
        return dir;
    }

    private static void privateDir(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            Files.setPosixFilePermissions(dir, PRIVATE_DIR); // whatever the umask
            return;
        } catch (FileAlreadyExistsException e) {
            // there already (or made by someone else a moment ago): checked below, never changed
        }
        if (Files.isSymbolicLink(dir)) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, dir + " is a symbolic link: plaintext is never written through a link");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, dir + " is not a folder");
        }
        String notOurs = Ownership.notOurs(dir);
        if (notOurs != null) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, dir + " is " + notOurs
                    + ": plaintext goes only into your own folders (give --env-dir a folder of yours, e.g. made with mkdir -m 700)");
        }
        if (Ownership.writableByOthers(dir)) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, dir + " is writable by other users (mode "
                    + Ownership.describe(Ownership.mode(dir)) + "): they could swap folders or files under it; "
                    + "give --env-dir a folder of yours, e.g. made with mkdir -m 700");
        }
    }

    // ---- --k8s --------------------------------------------------------------------------------

    private int k8s(Path root) {
        Target t = Target.resolve(ctx, k8s, root);
        if (!t.isService()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, k8s + ": --k8s takes a service folder, not a file");
        }
        Path dir = t.serviceDir().toAbsolutePath().normalize();
        String secretName = name != null ? name : dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        Path out = output == null || output.equals("-") ? dir.resolve("k8s-secret.enc.yaml") : ctx.path(output);
        ScopedEnv merged = ScopedEnv.load(ctx, files, t, environment, injection, null);
        Branch metadata = new Branch().add("name", secretName);
        if (namespace != null) {
            metadata.add("namespace", namespace);
        }
        Branch stringData = new Branch();
        for (Map.Entry<String, String> e : dev.secrets.cli.files.ExecEnvCommand.variables(merged.merged()).entrySet()) {
            stringData.add(e.getKey(), e.getValue());
        }
        Branch manifest = new Branch().add("apiVersion", "v1").add("kind", "Secret").add("metadata", metadata)
                .add("type", "Opaque").add("stringData", stringData);
        // the manifest is meant to be committed: a planted nested .sops.yaml must not choose its recipients
        ConfigGate.confirmNested(ctx, files, out);
        SopsConfig config = files.loadConfig(out);
        Store store = files.store(Format.YAML, config);
        EncryptionRule rule = EncryptionRule.resolve(config == null ? null : config.ruleFor(out),
                new EncryptionRule.Overrides(List.of(), new Selection(Selection.Kind.byKey("encrypted_regex"), K8S_REGEX), false, null),
                Format.YAML, AgeRecipient::parse);
        byte[] encrypted = Sops.encrypt(List.of(manifest), store, rule);
        if ("-".equals(output)) {
            ctx.writeStdout(encrypted);
        } else {
            Writes.atomic(ctx, out, encrypted, false);
            ctx.err().println("wrote " + out + ": Secret " + secretName + (namespace == null ? "" : " in " + namespace)
                    + ", " + stringData.size() + " keys, encrypted (" + K8S_REGEX + ")");
        }
        return 0;
    }
}
