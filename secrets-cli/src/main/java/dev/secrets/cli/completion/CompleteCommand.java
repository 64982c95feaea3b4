package dev.secrets.cli.completion;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Services;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code secrets __complete services [--root DIR]}: the service names under the repo root, one a line,
 * for the completion scripts (hidden from the help). Found exactly as the service verbs find them
 * ({@link Target#repoRoot}, {@link Services#all}); nothing (exit 0) where there is no root.
 */
public final class CompleteCommand extends ContextVerb {
    public static final String NAME = "__complete";
    private String what;
    private Path root;

    public CompleteCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax(NAME, "What the completion scripts ask for (services).")
                .parameter("WHAT", "services", v -> what = v)
                .option("--root", "DIR", "repo root", v -> root = ctx.path(v));
    }

    @Override
    public Integer call() {
        if (!what.equals("services")) {
            return 2;
        }
        Path found = Target.repoRoot(ctx, root);
        if (found == null) {
            return 0;
        }
        StringBuilder out = new StringBuilder();
        try {
            for (Services.Service s : Services.all(found.toAbsolutePath().normalize())) {
                if (!s.name().equals(".") && s.name().indexOf('\n') < 0) {
                    out.append(s.name()).append('\n');
                }
            }
        } catch (RuntimeException e) {
            return 0; // an unreadable folder: offer nothing rather than an error in the middle of a prompt
        }
        ctx.writeStdout(out.toString().getBytes(StandardCharsets.UTF_8));
        return 0;
    }
}
