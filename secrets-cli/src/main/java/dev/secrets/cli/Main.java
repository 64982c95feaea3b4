package dev.secrets.cli;

import dev.secrets.sops.SopsException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code secrets} command: sops-compatible file verbs plus the docker compose service workflow. */
@Command(name = "secrets", mixinStandardHelpOptions = true, version = "secrets 0.1.0 (sops 3.13.2 format)",
        description = "Encrypt, decrypt, edit and deploy SOPS files with age keys.")
public final class Main {
    /**
     * The verbs, built on demand: picocli reflects over every registered command at start-up, so a run
     * registers only the verb it runs (all of them for help and unknown verbs).
     */
    private static final Map<String, Supplier<Object>> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("encrypt", EncryptCommand::new);
        VERBS.put("decrypt", DecryptCommand::new);
        VERBS.put("edit", EditCommand::new);
        VERBS.put("deploy", DeployCommand::new);
        VERBS.put("exec-env", ExecEnvCommand::new);
        VERBS.put("exec-file", ExecFileCommand::new);
        VERBS.put("set", SetCommand::new);
        VERBS.put("unset", UnsetCommand::new);
        VERBS.put("filestatus", FileStatusCommand::new);
        VERBS.put("keygen", KeygenCommand::new);
        VERBS.put("updatekeys", UpdateKeysCommand::new);
        VERBS.put("rotate", RotateCommand::new);
        VERBS.put("backups", BackupsCommand::new);
        VERBS.put("restore", RestoreCommand::new);
        VERBS.put("list", ListCommand::new);
        VERBS.put("validate", ValidateCommand::new);
        VERBS.put("generate", GenerateCommand::new);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        String verb = args.length > 0 ? args[0] : "";
        if (VERBS.containsKey(verb)) {
            cli.addSubcommand(verb, VERBS.get(verb).get());
        } else {
            VERBS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
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
        // Only the class: messages of JDK and parser exceptions can quote the input they choked on.
        err.println("secrets: internal error: " + e.getClass().getName());
        err.flush();
        return 1;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
