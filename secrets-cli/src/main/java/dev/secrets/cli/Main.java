package dev.secrets.cli;

import dev.secrets.sops.SopsException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code secrets} command: sops-compatible file verbs plus the docker compose service workflow. */
@Command(name = "secrets", mixinStandardHelpOptions = true, version = "secrets 0.1.0 (sops 3.13.2 format)",
        description = "Encrypt, decrypt, edit and deploy SOPS files with age keys.",
        subcommands = {EncryptCommand.class, DecryptCommand.class, EditCommand.class, DeployCommand.class,
            ExecEnvCommand.class, ExecFileCommand.class, SetCommand.class, UnsetCommand.class, FileStatusCommand.class,
            ListCommand.class, ValidateCommand.class, GenerateCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        return cli.execute(args);
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof SopsException se) {
            err.println("secrets: " + oneLine(se.getMessage()));
            err.flush();
            return se.exitCode();
        }
        err.println("secrets: internal error: " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())));
        err.flush();
        return 1;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
