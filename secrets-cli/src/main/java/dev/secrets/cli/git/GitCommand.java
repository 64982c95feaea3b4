package dev.secrets.cli.git;

import dev.secrets.cli.Context;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Verb;
import java.util.List;

/** {@code secrets git COMMAND ...}: the commands git itself runs (drivers), each a verb of its own. */
public final class GitCommand implements Verb {
    private final Context ctx;
    private final Syntax syntax = new Syntax("git",
            "Commands git runs for sops files once `secrets init` has set them up:",
            "  textconv FILE        print the file decrypted, for git diff",
            "  merge %O %A %B %P    merge driver: three-way merge of encrypted files",
            "secrets git COMMAND --help shows a command's help.");
    private String name;
    private List<String> rest;

    public GitCommand(Context ctx) {
        this.ctx = ctx;
        syntax.subcommand("COMMAND", "textconv or merge", (n, r) -> {
            name = n;
            rest = r;
        });
    }

    /** Builds only the command that runs (as Main does for verbs). */
    private Verb create(String command) {
        return switch (command) {
            case "textconv" -> new GitTextconvCommand(ctx);
            case "merge" -> new GitMergeCommand(ctx);
            default -> null;
        };
    }

    @Override
    public Syntax syntax() {
        return syntax;
    }

    @Override
    public Integer call() throws Exception {
        Verb command = create(name);
        if (command == null) {
            throw syntax.usage("unknown command '" + name + "' (textconv or merge)");
        }
        Syntax sub = command.syntax();
        Syntax.Request request = sub.parse(rest);
        if (sub.verbose()) {
            ctx.verbose(true);
        }
        switch (request) {
            case HELP:
                ctx.out().print(sub.help());
                return 0;
            case VERSION:
                ctx.out().println(Syntax.VERSION);
                return 0;
            default:
                return command.call();
        }
    }
}
