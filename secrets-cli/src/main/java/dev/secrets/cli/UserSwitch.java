package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * exec-env/exec-file {@code --user NAME}: sops switches its own process to the user (setgroups,
 * setgid, setuid) before running the command; a JVM cannot, so the command is run through
 * util-linux's {@code setpriv} with the user's uid, gid and groups, and HOME/USER/LOGNAME set as sops
 * sets them. Like sops, it needs root; anyone else gets a clear error before anything is decrypted.
 */
public final class UserSwitch {
    private final String name;
    private final String uid;
    private final String gid;
    private final String home;

    private UserSwitch(String name, String uid, String gid, String home) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.home = home;
    }

    /** Looks the user up (getent passwd) after checking that this process may switch users. */
    public static UserSwitch of(Context ctx, String user) {
        if (!isRoot()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "--user " + user + " needs root: the command is run as "
                    + "another user through setpriv (sops switches its own process, which also needs root)");
        }
        String setpriv = Child.onPath("setpriv", ctx.env("PATH"));
        if (!setpriv.contains("/")) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "--user is not supported here: setpriv (util-linux) is not on PATH");
        }
        String entry = getent(user);
        String[] f = entry.split(":", -1);
        if (f.length < 7) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "--user " + user + ": no such user");
        }
        return new UserSwitch(f[0], f[2], f[3], f[5]);
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String getent(String user) {
        try {
            Process p = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "--user " + user + ": could not run getent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SopsException(ExitCodes.ERROR_GENERIC, "--user " + user + ": interrupted");
        }
    }

    /** The command run through setpriv as the user (its uid, primary gid and supplementary groups). */
    public List<String> wrap(List<String> command) {
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
        out.addAll(command);
        return out;
    }

    /** HOME, USER and LOGNAME of the user, as sops' UserEnv. */
    public void environment(Map<String, String> env) {
        env.put("HOME", home);
        env.put("USER", name);
        env.put("LOGNAME", name);
    }

    /** Gives the user a private temp folder and file (still 0700/0600), so the command can read them. */
    public void chown(Path... paths) throws IOException {
        UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(gid);
        for (Path p : paths) {
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName(uid));
            view.setGroup(group);
        }
    }
}
