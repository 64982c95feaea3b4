package dev.secrets.cli.files;

import dev.secrets.cli.ConfigGate;
import dev.secrets.cli.Context;
import dev.secrets.cli.OwnKeyCheck;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.NewFileRule;
import dev.secrets.cli.OutputOptions;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.SelectionOptions;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.UnsupportedKeyOptions;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.config.SopsConfig;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code secrets encrypt FILE}: as {@code sops encrypt}. {@code secrets encrypt SERVICE}: the service's
 * {@code .env} becomes {@code .env.enc} and the plaintext is removed once the encrypted file is on disk
 * and opens again.
 */
public final class EncryptCommand extends ContextVerb {
    String target;
    String age;
    Integer shamirThreshold;
    final FileOptions files = new FileOptions(ctx);
    final OutputOptions out = new OutputOptions(ctx);
    final SelectionOptions selection = new SelectionOptions();

    public EncryptCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("encrypt",
                "Encrypt a file (printed to stdout unless -i or --output),",
                "or a service's .env into .env.enc (the plaintext is then removed). Without FILE, stdin is",
                "read (as sops 3.10+); --filename-override then names it for its type and .sops.yaml rule.")
                .optionalParameter("FILE|SERVICE", "a plaintext file (any readable path: /dev/stdin, a FIFO), or a service folder or name",
                        v -> target = v)
                .option("-a, --age", "RECIPIENTS", "comma-separated age recipients (replace the rule's keys)", v -> age = v)
                .option("--shamir-secret-sharing-threshold", "N", "key groups needed to decrypt", v -> shamirThreshold = Integer.valueOf(v))
                .with(files)
                .with(out)
                .with(selection)
                .with(new UnsupportedKeyOptions("", true));
    }

    @Override
    public Integer call() {
        out.check();
        if (target == null) {
            return encryptStdin();
        }
        Target t = Target.resolve(ctx, target, files.root);
        return t.isService() ? encryptService(t) : encryptFile(t.file());
    }

    /** sops 3.10+: stdin, named by --filename-override (its type, its creation rule); never -i. */
    private int encryptStdin() {
        if (out.inPlace) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "Error: cannot use --in-place when reading from stdin");
        }
        if (files.filenameOverride == null) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS,
                    "Error: must specify --filename-override when reading from stdin");
        }
        return encryptBytes(Path.of(dev.secrets.cli.SecretFile.STDIN), SecretFile.readStdin(ctx));
    }

    private int encryptFile(Path file) {
        return encryptBytes(file, AtomicFile.read(file));
    }

    private int encryptBytes(Path file, byte[] input) {
        Format inFormat = files.inputFormat(file);
        Format outFormat = files.outputFormat(file);
        SopsConfig config = files.loadConfig(ctx.path(files.nameFor(file)));
        try {
            List<Branch> docs = files.store(inFormat, config).loadPlain(input);
            EncryptionRule rule = rule(config, ctx.path(files.nameFor(file)), outFormat);
            byte[] encrypted = Sops.encrypt(docs, files.store(outFormat, config), rule);
            if (out.inPlace) {
                OwnKeyCheck.beforeReplacing(ctx, file, file, encrypted, files.store(outFormat, config));
            }
            out.write(file, encrypted, false);
        } catch (SopsException e) {
            throw e.withFile(file);
        } finally {
            java.util.Arrays.fill(input, (byte) 0); // the plaintext file's bytes
        }
        return 0;
    }

    private int encryptService(Target t) {
        Path plain = t.plainEnv();
        Path enc = t.encrypted();
        if (!Files.isRegularFile(plain)) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, plain + ": no plaintext .env to encrypt");
        }
        if (Files.isSymbolicLink(plain)) {
            // removing the link would leave the plaintext it points to behind
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, plain + ": is a symbolic link; encrypt the file it points to");
        }
        SopsConfig config = files.loadConfig(enc);
        Store store = files.store(Format.DOTENV, config);
        List<Branch> docs;
        byte[] bytes = AtomicFile.read(plain);
        try {
            docs = store.loadPlain(bytes);
            if (store.hasMetadataKey(docs)) {
                throw new SopsException(ExitCodes.FILE_ALREADY_ENCRYPTED, "File already encrypted: it holds sops_ metadata keys");
            }
        } catch (SopsException e) {
            throw e.withFile(plain);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0); // parsed: the values live on in docs only
        }
        // An existing .env.enc keeps its data key and every unchanged value's ciphertext: a one-value
        // change is a one-line diff.
        try (SopsFile file = Files.isRegularFile(enc) ? SecretFile.of(ctx, enc, files).open(false)
                : SopsFile.create(enc, store, docs, rule(config, enc, Format.DOTENV))) {
            ctx.log("writing " + enc + " through a temp file and a rename");
            file.save(docs);
        }
        OwnKeyCheck.beforeRemoving(ctx, plain, enc, store);
        try {
            Files.delete(plain);
        } catch (IOException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, enc + " written, but " + plain + " could not be removed: "
                    + e.getClass().getSimpleName());
        }
        ctx.err().println("encrypted " + plain + " -> " + enc + " (plaintext removed)");
        return 0;
    }

    EncryptionRule rule(SopsConfig config, Path matchPath, Format outFormat) {
        if (age == null && ctx.env("SOPS_AGE_RECIPIENTS") == null) {
            ConfigGate.confirmNested(ctx, files, matchPath);
        }
        return NewFileRule.resolve(ctx, config, matchPath, outFormat, age, selection, shamirThreshold);
    }
}
