package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's environment as {@code deploy} and {@code exec-env} hand it over: the shared scope's
 * values, then the service's, then the chosen environment overlay's, a later scope winning for a
 * key in several (shared &lt; service &lt; environment). Without a shared file or an environment it
 * is the service's file alone, comments and order kept. Each scope file is opened and verified on
 * its own; values stay in memory.
 */
public final class ScopedEnv {
    /** One scope file that was merged. */
    public record Source(Scopes.Scope scope, Path file) {
    }

    private final Branch merged;
    private final Map<String, Scopes.Scope> scopeOf;
    private final List<Source> sources;

    private ScopedEnv(Branch merged, Map<String, Scopes.Scope> scopeOf, List<Source> sources) {
        this.merged = merged;
        this.scopeOf = scopeOf;
        this.sources = sources;
    }

    /**
     * Opens the service's scope files. {@code environment} is the --env option (SECRETS_ENV when
     * null); an environment without its overlay file is an error naming the file. Each file's entries
     * pass {@code injection} before they are merged ({@code inherited}: the environment they join, or
     * null for a file handed to compose; with the keys the lower scopes already give a value, which
     * an unauthenticated empty entry must not replace).
     */
    public static ScopedEnv load(Context ctx, FileOptions files, Target service, String environment,
                                 InjectionPolicy injection, Map<String, String> inherited) {
        Path dir = service.serviceDir().toAbsolutePath().normalize();
        Path root = Target.repoRoot(ctx, files.root);
        List<Source> sources = new ArrayList<>();
        if (root != null && Files.exists(root.resolve(Scopes.RENEW_JOURNAL))) {
            // half the holders may have the new value: handing either out would split the stack
            throw new SopsException(ExitCodes.ERROR_GENERIC, root.resolve(Scopes.RENEW_JOURNAL)
                    + ": an interrupted renew is not complete, so services may hold different values; "
                    + "run secrets renew again for its key to complete it");
        }
        if (root != null) {
            Path shared = Scopes.sharedFile(root.toAbsolutePath().normalize());
            if (!Scopes.isShared(root, dir) && Files.isRegularFile(shared)) {
                sources.add(new Source(Scopes.Scope.SHARED, shared));
            }
        }
        sources.add(new Source(Scopes.Scope.SERVICE, service.requireEncrypted()));
        String env = Scopes.environment(ctx, environment);
        if (env != null) {
            Path overlay = Scopes.overlay(dir, env);
            if (!Files.isRegularFile(overlay)) {
                throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, overlay + ": no overlay for environment '" + env
                        + "' (create it: secrets encrypt --filename-override " + overlay + " --output " + overlay + " PLAINTEXT)");
            }
            sources.add(new Source(Scopes.Scope.ENVIRONMENT, overlay));
        }
        Branch merged = null;
        Map<String, Scopes.Scope> scopeOf = new LinkedHashMap<>();
        for (Source s : sources) {
            Branch doc;
            try (SopsFile f = SecretFile.of(ctx, s.file(), files).open(false)) {
                injection.check(s.file(), f.documents().get(0), f.decrypted().unauthenticated(), inherited,
                        merged == null ? Set.of() : valued(merged));
                doc = f.documents().get(0).deepCopy();
            }
            for (Branch.Item item : doc) {
                if (item.key() instanceof String k) {
                    scopeOf.put(k, s.scope());
                }
            }
            merged = merged == null ? doc : over(merged, doc, s.scope());
            ctx.log("merged " + s.scope().label() + " scope " + s.file());
        }
        return new ScopedEnv(merged, scopeOf, sources);
    }

    /** The keys merged so far that have a non-empty value: an empty entry above one of them would blank it. */
    private static Set<String> valued(Branch merged) {
        Set<String> out = new HashSet<>();
        for (Branch.Item item : merged) {
            if (item.key() instanceof String k && !(item.value() instanceof String v && v.isEmpty())) {
                out.add(k);
            }
        }
        return out;
    }

    /** {@code top}'s keys over {@code base}'s: the service's file keeps its order with shared keys first; an overlay's replace in place. */
    private static Branch over(Branch base, Branch top, Scopes.Scope topScope) {
        if (topScope == Scopes.Scope.SERVICE) {
            List<Branch.Item> items = new ArrayList<>();
            for (Branch.Item item : base) {
                if (item.key() instanceof String k && !top.containsKey(k)) {
                    items.add(item);
                }
            }
            for (Branch.Item item : top) {
                items.add(item);
            }
            return new Branch(items);
        }
        for (Branch.Item item : top) {
            if (item.key() instanceof String k) {
                base.put(k, item.value());
            }
        }
        return base;
    }

    /** The merged top-level document (values in memory: do not print). */
    public Branch merged() {
        return merged;
    }

    /** For each key, the scope its value comes from. */
    public Map<String, Scopes.Scope> scopes() {
        return scopeOf;
    }

    public List<Source> sources() {
        return sources;
    }
}
