package dev.secrets.cli;

import dev.secrets.sops.SopsException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code secrets} command: sops-compatible file verbs plus the docker compose service workflow. */
public final class Main {
    /** The verbs, in help order; only the one that runs is built. */
    private static final Map<String, Supplier<Verb>> VERBS = new LinkedHashMap<>();
    private static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

    static {
        verb("encrypt", "encrypt a file, or a service's .env into .env.enc", EncryptCommand::new);
        verb("decrypt", "decrypt a file, or a service's .env.enc into its .env", DecryptCommand::new);
        verb("edit", "edit an encrypted file or a service's secrets in $EDITOR", EditCommand::new);
        verb("deploy", "docker compose up -d with a service's secrets in a temporary .env", DeployCommand::new);
        verb("exec-env", "run a command with the decrypted values in its environment", ExecEnvCommand::new);
        verb("exec-file", "run a command on the plaintext in a temporary file", ExecFileCommand::new);
        verb("set", "set one value, in place", SetCommand::new);
        verb("unset", "remove one value, in place", UnsetCommand::new);
        verb("filestatus", "tell whether a file is encrypted (JSON)", FileStatusCommand::new);
        verb("keygen", "generate an age identity", KeygenCommand::new);
        verb("updatekeys", "make files' recipients match their .sops.yaml rule", UpdateKeysCommand::new);
        verb("rotate", "give files a new data key", RotateCommand::new);
        verb("backups", "list the backups that rotate, updatekeys and restore kept", BackupsCommand::new);
        verb("restore", "put back the files of a backup", RestoreCommand::new);
        verb("list", "list each service's secret keys and their status, never values", ListCommand::new);
        verb("validate", "check services' secrets for problems", ValidateCommand::new);
        verb("generate", "generate random secrets into a service's .env.enc", GenerateCommand::new);
    }

    private Main() {
    }

    private static void verb(String name, String summary, Supplier<Verb> factory) {
        VERBS.put(name, factory);
        SUMMARIES.put(name, summary);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        PrintStream err = System.err;
        try {
            return dispatch(args);
        } catch (UsageException e) {
            err.println("secrets: " + oneLine(e.getMessage()));
            return UsageException.EXIT_CODE;
        } catch (SopsException e) {
            err.println("secrets: " + oneLine(e.getMessage()));
            return e.exitCode();
        } catch (Exception e) {
            // Only the class: messages of JDK and parser exceptions can quote the input they choked on.
            err.println("secrets: internal error: " + e.getClass().getName());
            return 1;
        } finally {
            err.flush();
        }
    }

    private static int dispatch(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("--verbose")) { // as sops: a global flag before the verb
            Verbose.enable();
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        String first = args.length == 0 ? "" : args[0];
        switch (first) {
            case "":
                System.err.print(help());
                return UsageException.EXIT_CODE;
            case "-h", "--help":
                System.out.print(help());
                return 0;
            case "-V", "--version":
                System.out.println(Syntax.VERSION);
                return 0;
            case "help":
                Supplier<Verb> named = args.length > 1 ? VERBS.get(args[1]) : null;
                System.out.print(named == null ? help() : named.get().syntax().help());
                return 0;
            default:
                break;
        }
        Supplier<Verb> factory = VERBS.get(first);
        if (factory == null) {
            throw new UsageException("unknown verb '" + first + "' (see: secrets --help)");
        }
        Verb verb = factory.get();
        Syntax syntax = verb.syntax();
        switch (syntax.parse(Arrays.asList(args).subList(1, args.length))) {
            case HELP:
                System.out.print(syntax.help());
                return 0;
            case VERSION:
                System.out.println(Syntax.VERSION);
                return 0;
            default:
                return verb.call();
        }
    }

    private static String help() {
        StringBuilder out = new StringBuilder("Usage: secrets VERB [OPTIONS] [ARGS]\n")
                .append("Encrypt, decrypt, edit and deploy SOPS files with age keys.\n\n");
        int width = SUMMARIES.keySet().stream().mapToInt(String::length).max().orElse(0);
        SUMMARIES.forEach((verb, summary) ->
                out.append("  ").append(verb).append(" ".repeat(width - verb.length() + 2)).append(summary).append('\n'));
        return out.append("\nsecrets VERB --help shows a verb's options; --verbose prints each step; --version the version.\n").toString();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
