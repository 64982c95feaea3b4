package dev.secrets.cli.files;

import dev.secrets.cli.Child;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.PlaintextGuard;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.cli.UserSwitch;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.PrivateTempDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code secrets exec-file FILE -- CMD {}}: the plaintext in a private temp folder (0700, /dev/shm where
 * present), {@code {}} replaced by its path, removed when CMD exits. (sops uses a FIFO by default; a
 * 0600 file in memory-backed /dev/shm is what its --no-fifo does, and works with every program.)
 */
public final class ExecFileCommand extends ContextVerb {
    String target;
    final List<String> command = new ArrayList<>();
    String filename = "tmp-file";
    String user;
    final FileOptions files = new FileOptions(ctx);

    public ExecFileCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("exec-file",
                "Run a command with '{}' replaced by the path of a temporary plaintext file,",
                "removed when the command exits. One argument is run by /bin/sh -c (as sops does).")
                .parameter("FILE|SERVICE", "an encrypted file, or a service folder or name", v -> target = v)
                .parameters("CMD", "the command and its arguments (after --)", 1, command::add)
                .option("--filename", "NAME", "name of the temporary file (default tmp-file)", v -> filename = v)
                .option("--user", "NAME", "run the command as this user (needs root; through setpriv; the file is theirs)",
                        v -> user = v)
                .flag("--no-fifo", "accepted for sops scripts: the plaintext is always a regular 0600 file", () -> { })
                .with(files);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (filename.contains("/") || filename.equals("..") || filename.equals(".") || filename.isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "--filename must be a plain file name");
        }
        UserSwitch as = user == null ? null : UserSwitch.of(ctx, user);
        Path enc = Target.resolve(ctx, target, files.root).requireEncrypted();
        ctx.audit().record("exec-file", enc);
        SecretFile secret = SecretFile.of(ctx, enc, files);
        byte[] plain;
        try (SopsFile decrypted = secret.open(false)) {
            plain = decrypted.decrypted().plaintext(files.storeFor(files.outputFormat(enc), enc));
        }
        try (PlaintextGuard guard = new PlaintextGuard(ctx)) {
            Path dir = PrivateTempDir.create("secrets-exec-");
            guard.add(dir);
            Path file = dir.resolve(filename);
            guard.add(file);
            Writes.atomic(ctx, file, plain, AtomicFile.OWNER_ONLY);
            java.util.Arrays.fill(plain, (byte) 0);
            List<String> args = new ArrayList<>();
            for (String a : command) {
                args.add(a.replace("{}", file.toString()));
            }
            Child child;
            java.util.Map<String, String> env = new java.util.HashMap<>(ctx.env());
            List<String> line = ExecEnvCommand.commandLine(args);
            if (as != null) {
                as.chown(dir, file);
                as.environment(env);
                line = as.wrap(line);
            }
            try {
                child = Child.start(ctx, line, null, env);
            } catch (IOException e) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "could not run " + args.get(0) + ": " + e.getMessage());
            }
            guard.child(child.process());
            return child.waitFor();
        }
    }
}
