package dev.secrets.cli.files;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.OutputOptions;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.TreePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code secrets decrypt FILE}: as {@code sops decrypt}. {@code secrets decrypt SERVICE}: writes the
 * service's {@code .env} (0600) for viewing, or prints it with {@code --stdout}. Nothing is written
 * unless every value decrypts and the MAC verifies.
 */
public final class DecryptCommand extends ContextVerb {
    String target;
    String extract;
    boolean ignoreMac;
    boolean stdout;
    boolean force;
    final FileOptions files = new FileOptions(ctx);
    final OutputOptions out = new OutputOptions(ctx);

    public DecryptCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("decrypt",
                "Decrypt a file (printed to stdout unless -i or --output),",
                "or a service's .env.enc into its .env (mode 0600). Without FILE, stdin is read (as sops 3.10+);",
                "give its type with --input-type or --filename-override.")
                .optionalParameter("FILE|SERVICE", "an encrypted file (any readable path: /dev/stdin, a FIFO), or a service folder or name",
                        v -> target = v)
                .option("--extract", "PATH", "print only the value at a path such as '[\"a\"][\"b\"]'", v -> extract = v)
                .flag("--ignore-mac", "do not verify the MAC (for repairing a damaged file)", () -> ignoreMac = true)
                .flag("--stdout", "service: print the .env instead of writing it", () -> stdout = true)
                .flag("--force", "service: overwrite a .env that differs from the decrypted one", () -> force = true)
                .with(files)
                .with(out);
    }

    @Override
    public Integer call() {
        out.check();
        TreePath path = extract == null ? null : TreePath.parse(extract);
        if (target == null) {
            return decryptStdin(path);
        }
        Target t = Target.resolve(ctx, target, files.root);
        if (t.isService() && out.inPlace) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS,
                    "decrypt SERVICE writes the service's .env; -i would put plaintext into the committed .env.enc");
        }
        Path enc = t.requireEncrypted();
        ctx.audit().record("decrypt", enc);
        SecretFile secret = SecretFile.of(ctx, enc, files);
        Store outStore = t.isService() ? secret.store : files.storeFor(files.outputFormat(enc), enc);
        byte[] plain;
        try (SopsFile decrypted = secret.open(ignoreMac)) {
            plain = path == null ? decrypted.decrypted().plaintext(outStore)
                    : outStore.emitValue(path.get(decrypted.documents().get(0)));
        } catch (SopsException e) {
            throw e.withFile(enc);
        }
        try {
            // --extract prints a single value: never into the service's .env
            if (t.isService() && !stdout && out.output == null && path == null) {
                writeServiceEnv(t.plainEnv(), plain);
            } else {
                out.write(enc, plain, true);
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        return 0;
    }

    /** sops 3.10+: no file argument reads stdin; -i has no file to write back into. */
    private int decryptStdin(TreePath path) {
        if (out.inPlace) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "Error: cannot use --in-place when reading from stdin");
        }
        SecretFile secret = SecretFile.stdin(ctx, SecretFile.readStdin(ctx), files);
        Path name = Path.of(files.nameFor(secret.path));
        Store outStore = files.storeFor(files.outputFormat(secret.path), ctx.resolve(name));
        byte[] plain;
        try (SopsFile decrypted = secret.open(ignoreMac)) {
            plain = path == null ? decrypted.decrypted().plaintext(outStore)
                    : outStore.emitValue(path.get(decrypted.documents().get(0)));
        } catch (SopsException e) {
            throw e.withFile(secret.path);
        }
        try {
            out.write(secret.path, plain, true);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        return 0;
    }

    private void writeServiceEnv(Path env, byte[] plain) {
        Writes.refuseLink(env);
        if (Files.exists(env) && !force) {
            try {
                byte[] existing = Files.readAllBytes(env);
                boolean same = Arrays.equals(existing, plain);
                Arrays.fill(existing, (byte) 0);
                if (same) {
                    // the content is ours already; its mode may not be (an older tool, a cp)
                    if (!Files.getPosixFilePermissions(env, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(AtomicFile.OWNER_ONLY)) {
                        Files.setPosixFilePermissions(env, AtomicFile.OWNER_ONLY);
                        ctx.err().println(env + " is up to date; its mode was set to 0600");
                    }
                    return;
                }
            } catch (IOException e) {
                // fall through to the refusal
            }
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, env
                    + " already exists and differs from the encrypted secrets; use --force to overwrite it");
        }
        Writes.atomic(ctx, env, plain, AtomicFile.OWNER_ONLY);
        ctx.err().println("wrote " + env + " (mode 0600); remove it when done, or run: secrets encrypt "
                + env.getParent());
    }
}
