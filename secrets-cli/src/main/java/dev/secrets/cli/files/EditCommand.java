package dev.secrets.cli.files;

import dev.secrets.cli.Child;
import dev.secrets.cli.ConfigGate;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.Main;
import dev.secrets.cli.NewFileRule;
import dev.secrets.cli.PlaintextGuard;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.SelectionOptions;
import dev.secrets.cli.ShellCommand;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.UnsupportedKeyOptions;
import dev.secrets.cli.Writes;
import dev.secrets.cli.keys.Backups;
import dev.secrets.sops.ConcurrentChangeException;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.PrivateTempDir;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code secrets edit SERVICE|FILE}: the plaintext in a private temp folder, the editor on it, and
 * re-encryption only when something changed (unchanged values keep their ciphertext). The temp file
 * is removed on every exit; the encrypted file is untouched unless the edit parses.
 */
public final class EditCommand extends ContextVerb {
    String target;
    boolean ignoreMac;
    boolean showMasterKeys;
    String age;
    Integer shamirThreshold;
    final SelectionOptions selection = new SelectionOptions();
    final FileOptions files = new FileOptions(ctx);

    public EditCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("edit",
                "Edit an encrypted file or a service's .env.enc in $SOPS_EDITOR, $VISUAL or $EDITOR;",
                "re-encrypt on save when something changed (exit 200 when nothing did).")
                .parameter("FILE|SERVICE", "an encrypted file, or a service folder or name", v -> target = v)
                .flag("--ignore-mac", "open even if the MAC does not verify (writes a fresh MAC)", () -> ignoreMac = true)
                .flag("-s, --show-master-keys", "list the file's master keys (key groups, public keys) on stderr before the editor "
                        + "opens; they are not put into the editor (change them with rotate/updatekeys/groups)", () -> showMasterKeys = true)
                .option("-a, --age", "RECIPIENTS", "a new file: comma-separated age recipients (replace the rule's keys)", v -> age = v)
                .option("--shamir-secret-sharing-threshold", "N", "a new file: key groups needed to decrypt",
                        v -> shamirThreshold = Integer.valueOf(v))
                .with(selection)
                .with(new UnsupportedKeyOptions("", true))
                .with(files);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Target t = resolve();
        Path enc = t.encrypted();
        ctx.audit().record("edit", enc);
        SecretFile secret = SecretFile.of(ctx, enc, files);
        boolean exists = Files.isRegularFile(enc);
        try (SopsFile opened = exists ? secret.open(ignoreMac) : newFile(secret, enc);
             PlaintextGuard guard = new PlaintextGuard(ctx)) {
            if (showMasterKeys) {
                printMasterKeys(enc, opened.decrypted().metadata());
            }
            Path dir = PrivateTempDir.create("secrets-edit-");
            guard.add(dir);
            Path tmp = dir.resolve(t.isService() ? Target.PLAIN_ENV : plainName(enc));
            guard.add(tmp);
            byte[] plain = exists ? opened.decrypted().plaintext(secret.store) : new byte[0];
            Writes.atomic(ctx, tmp, plain, AtomicFile.OWNER_ONLY);
            byte[] before = sha256(plain);
            Arrays.fill(plain, (byte) 0);
            List<Branch> docs = editUntilValid(tmp, before, secret.store, guard);
            if (docs == null) {
                ctx.err().println("File has not changed, exiting.");
                return ExitCodes.FILE_HAS_NOT_BEEN_MODIFIED;
            }
            ctx.log("writing " + enc + " through a temp file and a rename");
            try {
                opened.save(docs);
            } catch (ConcurrentChangeException e) {
                throw keepEdit(opened, docs, e);
            }
            ctx.err().println("saved " + enc);
            return 0;
        }
    }

    /**
     * Someone changed the file while the editor was open, on the same keys: the edit is kept,
     * encrypted with the file's data key, beside it (never as plaintext), and the error says where.
     */
    private SopsException keepEdit(SopsFile opened, List<Branch> docs, ConcurrentChangeException e) {
        // edit-STAMP-NAME keeps the name's ending, so its format is the file's
        String name = opened.path().getFileName().toString();
        Path kept = opened.path().resolveSibling("edit-" + Backups.STAMP.format(java.time.Instant.now())
                + (name.startsWith(".") ? "" : "-") + name);
        byte[] encrypted = opened.decrypted().encrypt(opened.store(), docs);
        AtomicFile.createExclusive(kept, encrypted);
        return new SopsException(e.exitCode(), e.getMessage() + "; your edit is kept, encrypted, in " + kept
                + " (secrets decrypt " + kept + ")");
    }

    /** sops edit -s shows the keys inside the editor; here they are listed on stderr (public keys only). */
    private void printMasterKeys(Path enc, dev.secrets.sops.metadata.Metadata md) {
        ctx.err().println("master keys of " + enc + (md.keyGroups().size() > 1
                ? " (shamir threshold " + (md.shamirThreshold() == 0 ? md.keyGroups().size() : md.shamirThreshold()) + ")" : "") + ":");
        for (int g = 0; g < md.keyGroups().size(); g++) {
            for (dev.secrets.sops.keys.StoredKey k : md.keyGroups().get(g).keys()) {
                ctx.err().println("  key group " + (g + 1) + ": " + k.type() + " " + k.id());
            }
        }
    }

    private Target resolve() {
        try {
            return Target.resolve(ctx, target, files.root);
        } catch (SopsException e) {
            // sops edit creates a file that does not exist yet; a bare word is more likely a mistyped
            // service name than a new file
            Path p = ctx.path(target);
            boolean looksLikeFile = target.contains("/") || target.contains(".");
            if (looksLikeFile && Files.isDirectory(p.toAbsolutePath().getParent())) {
                return new Target(p, null);
            }
            throw e;
        }
    }

    private SopsFile newFile(SecretFile secret, Path enc) {
        SopsConfig config = files.loadConfig(enc);
        ConfigGate.confirmNested(ctx, files, enc);
        List<Branch> empty = new ArrayList<>(List.of(new Branch()));
        return SopsFile.create(enc, secret.store, empty,
                NewFileRule.resolve(ctx, config, enc, secret.format, age, selection, shamirThreshold));
    }

    /** Runs the editor until the result parses; null when the file was saved unchanged. */
    private List<Branch> editUntilValid(Path tmp, byte[] before, Store store, PlaintextGuard guard)
            throws IOException, InterruptedException {
        while (true) {
            runEditor(tmp, guard);
            byte[] edited;
            try {
                edited = Files.readAllBytes(tmp);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, "Could not read edited file: the editor "
                        + "removed it; the encrypted file was left as it was");
            }
            try {
                if (MessageDigest.isEqual(before, sha256(edited))) {
                    return null;
                }
                List<Branch> docs = store.loadPlain(edited);
                if (store.hasMetadataKey(docs)) {
                    throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE,
                            "the edited file holds sops metadata keys; remove them");
                }
                return docs;
            } catch (SopsException e) {
                Console console = ctx.console();
                if (console == null) {
                    throw new SopsException(e.exitCode(), "edited file is not valid: " + e.getMessage()
                            + "; the encrypted file was left as it was");
                }
                console.printf("secrets: edited file is not valid: %s%nPress Enter to edit it again, "
                        + "or Ctrl-C to abandon the edit (the encrypted file is unchanged).%n", Main.oneLine(e.getMessage()));
                BufferedReader reader = new BufferedReader(console.reader());
                if (reader.readLine() == null) {
                    throw new SopsException(e.exitCode(), "edit abandoned; the encrypted file was left as it was");
                }
            } finally {
                Arrays.fill(edited, (byte) 0);
            }
        }
    }

    private void runEditor(Path file, PlaintextGuard guard) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(editor());
        cmd.add(file.toString());
        Child editor;
        try {
            editor = Child.start(ctx, cmd, null, ctx.env());
        } catch (IOException e) {
            throw new SopsException(ExitCodes.NO_EDITOR_FOUND, "Could not run editor: " + e.getMessage());
        }
        guard.child(editor.process());
        int code = editor.waitFor();
        guard.child(null);
        if (code != 0) {
            throw new SopsException(ExitCodes.NO_EDITOR_FOUND, "Could not run editor: " + cmd.get(0) + " exited with "
                    + code + "; the encrypted file was left as it was");
        }
    }

    /** SOPS_EDITOR, VISUAL, EDITOR (shell words), else the first of vim, nano, vi on PATH. */
    List<String> editor() {
        for (String var : new String[] {"SOPS_EDITOR", "VISUAL", "EDITOR"}) {
            String v = ctx.env(var);
            if (v != null && !v.isBlank()) {
                return ShellCommand.split(v, List.of());
            }
        }
        String path = ctx.env("PATH");
        for (String name : new String[] {"vim", "nano", "vi"}) {
            for (String dir : (path == null ? "" : path).split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return List.of(Path.of(dir, name).toString());
                }
            }
        }
        throw new SopsException(ExitCodes.NO_EDITOR_FOUND, "no editor found: set $EDITOR");
    }

    private static String plainName(Path enc) {
        String name = enc.getFileName().toString();
        return name.endsWith(".enc") && Format.ofPath(name) != Format.BINARY ? name.substring(0, name.length() - 4) : name;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
