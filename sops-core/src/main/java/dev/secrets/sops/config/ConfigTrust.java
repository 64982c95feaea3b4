package dev.secrets.sops.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Whether a {@code .sops.yaml} may choose recipients, as git's {@code safe.directory} decides for a
 * repository: the file must belong to the user running us (or root), and neither it nor any folder
 * above it may be writable by others unless the folder has the sticky bit (then others cannot
 * replace what is ours). Otherwise another user could plant a config that encrypts to their key.
 * Group-writable counts as "others" unless the group is named as the user (user private groups).
 */
public final class ConfigTrust {
    private static final int STICKY = 01000;

    private ConfigTrust() {
    }

    /** Null when the config is trusted; else why not, in a few words naming the path at fault. */
    public static String problem(Path config) {
        Path real;
        try {
            real = config.toRealPath();
        } catch (IOException e) {
            return null; // reading it reports the problem
        }
        Object me = currentUid();
        String myName = System.getProperty("user.name", "");
        try {
            for (Path p = real; p != null; p = p.getParent()) {
                String what = p == real ? p.toString() : "its folder " + p;
                if (!ownedByUsOrRoot(p, me, myName)) {
                    return what + " is owned by " + Files.getOwner(p).getName() + ", not by you";
                }
                boolean sticky = p != real && (mode(p) & STICKY) != 0;
                if (!sticky && writableByOthers(p, myName)) {
                    return what + " is writable by other users" + (p == real ? "" : " (and not sticky)");
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // no POSIX owners here (another file system): nothing to compare
        }
        return null;
    }

    private static boolean ownedByUsOrRoot(Path p, Object uid, String name) throws IOException {
        if (uid == null) {
            String owner = Files.getOwner(p).getName();
            return owner.equals(name) || owner.equals("root");
        }
        Object owner = Files.getAttribute(p, "unix:uid");
        return uid.equals(owner) || Integer.valueOf(0).equals(owner);
    }

    private static boolean writableByOthers(Path p, String myName) throws IOException {
        int mode = mode(p);
        if ((mode & 0002) != 0) {
            return true;
        }
        if ((mode & 0020) != 0) {
            String group = Files.readAttributes(p, PosixFileAttributes.class).group().getName();
            return !group.equals(myName);
        }
        return false;
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode");
    }

    /** The uid this process runs as: the owner of /proc/self on Linux; null elsewhere. */
    private static Object currentUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
