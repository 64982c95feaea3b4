package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a verb's argument names: an existing regular file (the sops file behaviour), or a service
 * folder whose secrets are {@code .env.enc} (given as a path, or as a name under the repo root: the
 * nearest folder upward holding {@code .sops.yaml}, {@code --root} or {@code SECRETS_ROOT}).
 */
public record Target(Path file, Path serviceDir) {
    public static final String PLAIN_ENV = ".env";
    public static final String ENCRYPTED_ENV = ".env.enc";

    public boolean isService() {
        return serviceDir != null;
    }

    /** The service's plaintext {@code .env}. */
    public Path plainEnv() {
        return serviceDir.resolve(PLAIN_ENV);
    }

    /** The service's {@code .env.enc}, or the file itself. */
    public Path encrypted() {
        return isService() ? serviceDir.resolve(ENCRYPTED_ENV) : file;
    }


    public static Target resolve(Context ctx, String arg, Path root) {
        Path given = ctx.path(arg);
        if (isReadableFile(given)) {
            return new Target(given, null);
        }
        if (Files.isDirectory(given)) {
            return new Target(null, given);
        }
        Path repo = repoRoot(ctx, root);
        if (repo != null && !Path.of(arg).isAbsolute()) {
            Path candidate = repo.resolve(arg).normalize();
            if (!candidate.startsWith(repo.normalize())) {
                throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, arg + ": a service name must stay inside the repo root "
                        + repo + " (give a path to a folder outside it instead)");
            }
            if (Files.isDirectory(candidate)) {
                return new Target(null, candidate);
            }
        }
        throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, arg + ": no such file or service"
                + (repo == null ? "" : " (looked in " + repo + ")"));
    }

    /**
     * A file to read: a regular file, or anything else that exists and is not a folder (as sops reads
     * any path): {@code /dev/stdin}, a FIFO, a process substitution's {@code /dev/fd/N}.
     */
    static boolean isReadableFile(Path p) {
        return Files.isRegularFile(p) || (Files.exists(p) && !Files.isDirectory(p));
    }

    /** --root, SECRETS_ROOT, or the nearest folder upward from the working directory holding .sops.yaml. */
    public static Path repoRoot(Context ctx, Path root) {
        if (root != null) {
            return root;
        }
        String env = ctx.env("SECRETS_ROOT");
        if (env != null && !env.isEmpty()) {
            return ctx.path(env);
        }
        for (Path dir = ctx.workingDir(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ConfigLoader.FILE_NAME))) {
                return dir;
            }
        }
        return null;
    }

    /** A service's encrypted file must exist for every verb but encrypt. */
    public Path requireEncrypted() {
        Path enc = encrypted();
        if (isService() ? !Files.isRegularFile(enc) : !isReadableFile(enc)) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, enc + ": no encrypted secrets (" + ENCRYPTED_ENV
                    + " is missing)");
        }
        return enc;
    }
}
