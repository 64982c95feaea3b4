package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.Syntax;
import java.util.List;

/**
 * {@code secrets down SERVICE}: {@code docker compose down} with the service's {@code .env} in place
 * for its duration, as deploy gives it (compose reads it for {@code env_file} and {@code ${VAR}} even
 * to stop a stack: docker-compose refuses a missing env file), then the stack's secret files removed.
 */
public final class DownCommand extends DeployCommand {
    public DownCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return options(new Syntax("down",
                "Run docker compose down in a service folder with its .env in place (0600, removed afterwards),",
                "then remove the secret files deploy keeps for the stack.",
                "The compose command can be changed with SECRETS_COMPOSE (e.g. 'docker-compose', 'podman-compose')."));
    }

    @Override
    List<String> subcommand() {
        return List.of("down");
    }

    @Override
    boolean isDown() {
        return true;
    }
}
