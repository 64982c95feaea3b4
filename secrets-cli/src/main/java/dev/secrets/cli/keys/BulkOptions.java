package dev.secrets.cli.keys;

import dev.secrets.age.AgeRecipient;
import dev.secrets.cli.ConfigGate;
import dev.secrets.cli.Context;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.Services;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.CreationRule;
import dev.secrets.sops.files.EncryptedFiles;
import dev.secrets.sops.stores.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the bulk verbs (rotate, updatekeys) share: the files to work on, --all, and the backup switch. */
final class BulkOptions implements Syntax.Part {
    private final Context ctx;
    final List<String> targets = new ArrayList<>();
    boolean all;
    boolean noBackup;
    final FileOptions files;
    // configs are cached by ConfigResolver, so each rule is one object: identity keys, no record hashing
    private final Map<CreationRule, EncryptionRule> parsedRules = Collections.synchronizedMap(new IdentityHashMap<>());

    BulkOptions(Context ctx) {
        this.ctx = ctx;
        this.files = new FileOptions(ctx);
    }

    @Override
    public void declareIn(Syntax syntax) {
        syntax.parameters("FILE|SERVICE", "files, or service folders or names", 0, targets::add)
                .flag("--all", "every sops file under the repo root covered by a .sops.yaml rule", () -> all = true)
                .flag("--no-backup", "do not keep copies of the replaced files", () -> noBackup = true)
                .with(files);
    }

    /**
     * The files named, or with --all every sops file under the repo root that a creation rule of the
     * root's .sops.yaml covers (a file that turns out to hold no metadata is skipped by the run).
     */
    List<Path> select() {
        if (all == !targets.isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS,
                    all ? "give files/services or --all, not both" : "name files or services, or give --all");
        }
        Set<Path> selected = new LinkedHashSet<>();
        if (all) {
            Path root = Services.requireRoot(ctx, files.root);
            selected.addAll(EncryptedFiles.coveredBy(root, files.configs().require(root.resolve(".sops.yaml"))));
        } else {
            for (String a : targets) {
                selected.add(Target.resolve(ctx, a, files.root).requireEncrypted().toAbsolutePath().normalize());
            }
        }
        return new ArrayList<>(selected);
    }

    /** What one file is rewritten for: its store, and the key groups and threshold of its creation rule. */
    record Planned(Store store, EncryptionRule rule) {
    }

    /** The first .sops.yaml creation rule matching the file, which must list keys; parsed once per rule. */
    Planned forFile(Path file) {
        CreationRule rule = files.configs().ruleWithKeys(file);
        ConfigGate.confirmNested(ctx, files, file);
        EncryptionRule target = parsedRules.computeIfAbsent(rule, r -> EncryptionRule.from(r, AgeRecipient::parse));
        return new Planned(files.store(files.inputFormat(file), files.configs().load(file)), target);
    }

    /** A parallel run that backs up every file it replaces unless --no-backup. */
    BulkRun run() {
        return new BulkRun(ctx, noBackup ? null : new Backups(Target.repoRoot(ctx, files.root))).skippingNonSopsFiles(all);
    }
}
