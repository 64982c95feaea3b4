package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.Ownership;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a service's secret files live while its stack runs: {@code BASE/secrets-USER/NAME-HASH}
 * (folders 0700, files 0400), NAME-HASH naming the service folder, so deploy, a later deploy and down
 * find the same folder. BASE is memory, never persistent disk: {@code SECRETS_RUNTIME_DIR} if set,
 * else {@code $XDG_RUNTIME_DIR}, else {@code /dev/shm}, each taken only when it is a tmpfs; or the
 * folder the user names with {@code --secrets-dir}.
 */
final class SecretsDir {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("r--------");

    final Path dir;

    private SecretsDir(Path dir) {
        this.dir = dir;
    }

    /**
     * The service's folder. With {@code required} (files are to be written), on a tmpfs, and no tmpfs
     * (and no --secrets-dir) is an error. Without (down, or a compose file that names no secret files),
     * the folder an earlier deploy left under one of the bases, or null: a stat per base, no file
     * system probe, so deploys without secret files pay next to nothing for it.
     */
    static SecretsDir of(Context ctx, Path serviceDir, String option, boolean required) {
        if (!required && option == null) {
            for (String name : lookupNames(ctx)) {
                SecretsDir d = new SecretsDir(under(ctx.path(name).toAbsolutePath().normalize(), serviceDir));
                if (d.exists()) {
                    return d;
                }
            }
            return null;
        }
        Path base = option != null ? ctx.path(option).toAbsolutePath().normalize() : tmpfsBase(ctx);
        if (base == null) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "no tmpfs for the secret files of "
                    + serviceDir + " (" + candidates(ctx) + "); they are never written to disk unless you name a "
                    + "folder with --secrets-dir DIR");
        }
        return new SecretsDir(under(base, serviceDir));
    }

    private static Path under(Path base, Path serviceDir) {
        return base.resolve("secrets-" + user()).resolve(id(serviceDir));
    }

    private static List<String> candidateNames(Context ctx) {
        String own = ctx.env("SECRETS_RUNTIME_DIR");
        if (own != null && !own.isEmpty()) {
            return List.of(own);
        }
        List<String> out = new ArrayList<>();
        String xdg = ctx.env("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) {
            out.add(xdg);
        }
        out.add("/dev/shm");
        return out;
    }

    /**
     * Where an earlier deploy's folder may be: the bases of this environment, then the usual ones
     * whatever the environment says, so that {@code down} run from cron or a systemd unit (no
     * {@code XDG_RUNTIME_DIR}) finds what a deploy from a login shell wrote under {@code /run/user/UID}.
     */
    static List<String> lookupNames(Context ctx) {
        Set<String> out = new LinkedHashSet<>(); // each base once, in this order
        for (String name : new String[] {ctx.env("SECRETS_RUNTIME_DIR"), ctx.env("XDG_RUNTIME_DIR")}) {
            if (name != null && !name.isEmpty()) {
                out.add(name);
            }
        }
        Object uid = Ownership.currentUid(); // null without /proc: the environment's bases only
        if (uid != null) {
            out.add("/run/user/" + uid);
        }
        out.add("/dev/shm");
        return new ArrayList<>(out);
    }

    private static String candidates(Context ctx) {
        return String.join(", ", candidateNames(ctx)) + " not a tmpfs or absent";
    }

    private static Path tmpfsBase(Context ctx) {
        for (String name : candidateNames(ctx)) {
            Path p = ctx.path(name).toAbsolutePath().normalize();
            if (isTmpfs(p)) {
                return p;
            }
        }
        return null;
    }

    /** A memory file system: what is written there is gone at reboot and never reaches a disk (swap aside). */
    static boolean isTmpfs(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            String type = Files.getFileStore(dir).type();
            return type.equals("tmpfs") || type.equals("ramfs");
        } catch (IOException e) {
            return false;
        }
    }

    /** The service folder's last name (safe characters only) and 12 hex digits of its absolute path's SHA-256. */
    static String id(Path serviceDir) {
        Path abs = serviceDir.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? "root" : abs.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(abs.toString().getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String user() {
        return System.getProperty("user.name").replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    boolean exists() {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Writes each key's value into {@code KEY} (0400, through a temp file and a rename, so a container
     * that restarts meanwhile reads the old or the new value, never half of one) and removes files
     * of keys the compose file no longer names.
     */
    void write(Context ctx, Map<String, byte[]> files) {
        try {
            privateFolder(dir.getParent());
            privateFolder(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Writes.atomic(ctx, dir.resolve(f.getKey()), f.getValue(), FILE);
            }
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : list.toList()) {
                    if (!files.containsKey(p.getFileName().toString())) {
                        ctx.log("removing " + p + " (no longer named by the compose file)");
                        FileTrees.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not write the secret files in " + dir
                    + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Removes the folder and its files; true when there was one. */
    boolean remove(Context ctx) {
        if (!exists()) {
            return false;
        }
        try {
            ctx.log("removing " + dir + " and the secret files in it");
            FileTrees.delete(dir);
            return true;
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, "could not remove " + dir + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Creates a 0700 folder, or checks that the one there is a folder (not a link) of this user's, and makes it 0700. */
    private static void privateFolder(Path folder) throws IOException {
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(folder + " is not a folder");
            }
            Path probe = Files.createTempFile(folder.getParent(), ".secrets-owner-", ".tmp");
            try {
                if (!Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe))) {
                    throw new IOException(folder + " belongs to another user");
                }
            } finally {
                Files.deleteIfExists(probe);
            }
        }
        Files.setPosixFilePermissions(folder, FOLDER); // the umask may have narrowed it; a loose one is tightened
    }
}
