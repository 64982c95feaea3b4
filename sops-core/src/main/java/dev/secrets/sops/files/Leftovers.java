package dev.secrets.sops.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * What a killed run leaves behind. SIGKILL runs no shutdown hook and no finally block, so a temp
 * file or private folder of that run stays. Their names carry the creating process ({@link #tag()}:
 * pid namespace and pid), and a later run removes those of processes that no longer exist.
 *
 * <p>Only a name of a dead process in our own pid namespace, owned by whoever owns the caller's
 * fresh file or folder, is removed: a live run's files keep their pid alive, a process of another
 * namespace (a container sharing /dev/shm) never matches, and a reused pid only delays the sweep.
 * Without /proc (not Linux) names get no tag and nothing is ever swept.
 */
public final class Leftovers {
    private static final String TAG = computeTag();

    private Leftovers() {
    }

    /** {@code NS-PID-} (to put after a prefix), or empty when the pid namespace cannot be read. */
    public static String tag() {
        return TAG;
    }

    private static String computeTag() {
        try {
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // pid:[4026531836]
            String digits = ns.replaceAll("\\D", "");
            return digits.isEmpty() ? "" : digits + "-" + ProcessHandle.current().pid() + "-";
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /** Whether {@code name} is {@code prefix + tag + rest} for a tag of this namespace whose process is gone. */
    private static boolean ofDeadProcess(String name, String prefix) {
        if (TAG.isEmpty() || !name.startsWith(prefix)) {
            return false;
        }
        String[] parts = name.substring(prefix.length()).split("-", 3);
        String ns = TAG.substring(0, TAG.indexOf('-'));
        if (parts.length < 3 || !parts[0].equals(ns)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
    }

    /**
     * Removes entries of {@code dir} named {@code prefix + tag + ... + suffix} left by dead processes
     * and owned as {@code mine} is; folders with everything in them, never following a link. Best effort.
     */
    public static void sweep(Path dir, String prefix, String suffix, Path mine) {
        if (TAG.isEmpty()) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            UserPrincipal owner = Files.getOwner(mine, LinkOption.NOFOLLOW_LINKS);
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(suffix) && ofDeadProcess(name, prefix) && !p.equals(mine)
                        && owner.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS))) {
                    deleteTree(p);
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // a sweep never fails the run that does it
        }
    }

    private static void deleteTree(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException | RuntimeException e) {
            // best effort: what is left is owner-only and is tried again next time
        }
    }
}
