package dev.secrets.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Who owns a file and who else may change it, read from the file itself (never through a link): for
 * files another user could have planted or replaced. Group-writable counts as writable by others
 * unless the group is named as the user (user private groups), as {@code ConfigTrust} decides.
 */
public final class Ownership {
    private Ownership() {
    }

    /** Null when the file is ours (or owners cannot be told here); else why not, in a few words. */
    public static String notOurs(Path p) throws IOException {
        Object me = currentUid();
        if (me == null) {
            String owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
            return owner.equals(System.getProperty("user.name", "")) ? null : "owned by " + owner + ", not by you";
        }
        Object owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return me.equals(owner) ? null : "owned by " + Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName() + ", not by you";
    }

    /** The permission bits with the sticky, setuid and setgid bits (unix:mode & 07777). */
    public static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** Whether a user other than the owner may write it (world-writable, or group-writable for a group not the user's own). */
    public static boolean writableByOthers(Path p) throws IOException {
        int mode = mode(p);
        if ((mode & 0002) != 0) {
            return true;
        }
        if ((mode & 0020) != 0) {
            String group = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName();
            return !group.equals(System.getProperty("user.name", ""));
        }
        return false;
    }

    /** The mode as ls shows it, e.g. {@code rwxrwxrwt} for /tmp. */
    public static String describe(int mode) {
        String bits = "rwxrwxrwx";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (0400 >> i)) != 0 ? bits.charAt(i) : '-');
        }
        if ((mode & 01000) != 0) {
            sb.setCharAt(8, (mode & 0001) != 0 ? 't' : 'T');
        }
        return sb.toString();
    }

    /** The uid this process runs as: the owner of /proc/self on Linux; null elsewhere. */
    public static Object currentUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
