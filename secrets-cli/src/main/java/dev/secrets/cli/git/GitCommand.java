package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import dev.secrets.cli.UsageException;
import dev.secrets.cli.Verb;

/** {@code secrets git SUBCOMMAND}: what git calls (merge driver, diff textconv); Main hands it the rest of the line. */
public final class GitCommand {
    private GitCommand() {
    }

    /** The subcommand's verb, or a usage error naming the known ones. */
    public static Verb create(Context ctx, String subcommand) {
        return switch (subcommand) {
            case "merge" -> new GitMergeCommand(ctx);
            case "textconv" -> new GitTextconvCommand(ctx);
            default -> throw new UsageException("unknown git subcommand '" + subcommand + "' (known: merge, textconv)");
        };
    }
}
