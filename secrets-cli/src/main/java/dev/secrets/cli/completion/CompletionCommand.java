package dev.secrets.cli.completion;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code secrets completion bash|zsh|fish}: the completion script for a shell, made from the verbs' declarations. */
public final class CompletionCommand extends ContextVerb {
    private String shell;

    public CompletionCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("completion",
                "Print the shell completion script for bash, zsh or fish (verbs, options, option values,",
                "service names under the repo root). Install it as the README says, e.g.",
                "  secrets completion bash > ~/.local/share/bash-completion/completions/secrets")
                .parameter("SHELL", "bash, zsh or fish", v -> {
                    if (!List.of("bash", "zsh", "fish").contains(v)) {
                        throw new IllegalArgumentException(v);
                    }
                    shell = v;
                })
                .choices("bash", "zsh", "fish");
    }

    @Override
    public Integer call() {
        List<CompletionModel.VerbSpec> verbs = CompletionModel.verbs(ctx);
        String script = switch (shell) {
            case "bash" -> BashCompletion.script(verbs);
            case "zsh" -> ZshCompletion.script(verbs);
            default -> FishCompletion.script(verbs);
        };
        ctx.writeStdout(script.getBytes(StandardCharsets.UTF_8));
        return 0;
    }
}
