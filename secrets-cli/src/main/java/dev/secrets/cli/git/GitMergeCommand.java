package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Verb;
import java.util.ArrayList;
import java.util.List;

/**
 * PLACEHOLDER so that {@code secrets git} compiles: the lead's branch replaces this class with the
 * real merge driver ({@code secrets git merge %O %A %B %P} over {@code EncryptedMerge}).
 */
public final class GitMergeCommand implements Verb {
    private final Context ctx;
    final List<String> args = new ArrayList<>();

    public GitMergeCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Syntax syntax() {
        return new Syntax("git merge", "git's merge driver for sops files (not implemented in this build).")
                .parameters("ARGS", "%O %A %B %P", 0, args::add);
    }

    @Override
    public Integer call() {
        ctx.err().println("secrets: git merge: not implemented");
        return 2;
    }
}
