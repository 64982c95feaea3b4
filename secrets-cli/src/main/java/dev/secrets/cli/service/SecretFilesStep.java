package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.PlaintextGuard;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;

/**
 * The secret files' part of a deploy or down, around the compose run. Deploy writes them before
 * {@code up} and keeps them once it succeeded (containers read them whenever they start); a folder
 * this run created goes again if {@code up} fails or is interrupted, while one a running stack
 * already used is kept (its containers may restart). Down removes the folder once {@code down} succeeded.
 */
final class SecretFilesStep {
    private final Context ctx;
    private final SecretsDir dir;
    private final boolean down;
    private boolean created;
    private boolean written;

    SecretFilesStep(Context ctx, SecretsDir dir, boolean down) {
        this.ctx = ctx;
        this.dir = dir;
        this.down = down;
    }

    /** Writes the files (deploy) and gives compose {@code SECRETS_DIR}, so the compose file resolves as it did at up. */
    void before(Map<String, byte[]> files, PlaintextGuard guard, Map<String, String> composeEnv) {
        if (dir == null) {
            return;
        }
        composeEnv.put(ComposeSecrets.VARIABLE, dir.dir.toString());
        if (down || files.isEmpty()) {
            return;
        }
        created = !dir.exists();
        if (created) {
            guard.add(dir.dir);
        }
        dir.write(ctx, files);
        written = true;
    }

    void after(int code, PlaintextGuard guard) {
        if (dir == null) {
            return;
        }
        if (code == 0) {
            if (written) {
                guard.keep(dir.dir);
                ctx.log("secret files kept in " + dir.dir + " while the stack runs (secrets down removes them)");
            } else if (dir.remove(ctx) && !down) {
                ctx.log("the compose file names no secret files any more: " + dir.dir + " removed");
            }
        } else if ((written && !created) || (down && dir.exists())) {
            ctx.err().println("secrets: the secret files in " + dir.dir + " are kept for the stack's containers; "
                    + "secrets down removes them");
        }
    }

    static void printPlan(PrintStream out, SecretsDir dir, Collection<String> keys, boolean down) {
        if (down) {
            if (dir != null && dir.exists()) {
                out.println("  would remove: " + dir.dir + " (the stack's secret files) after compose down");
            }
        } else if (!keys.isEmpty()) {
            out.println("  secret files: " + dir.dir + "/{" + String.join(",", keys) + "} (mode 0400, folder 0700, "
                    + "kept while the stack runs)");
        }
    }
}
