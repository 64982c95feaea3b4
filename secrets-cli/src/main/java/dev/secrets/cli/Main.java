package dev.secrets.cli;

import dev.secrets.sops.SopsException;
import java.io.PrintStream;
import java.util.Arrays;

/** The {@code secrets} command: sops-compatible file verbs plus the docker compose service workflow. */
public final class Main {
    /** The verbs and their one-line summaries, in help order. */
    private static final String[][] VERBS = {
        {"encrypt", "encrypt a file, or a service's .env into .env.enc"},
        {"decrypt", "decrypt a file, or a service's .env.enc into its .env"},
        {"edit", "edit an encrypted file or a service's secrets in $EDITOR"},
        {"deploy", "docker compose up -d with a service's secrets in a temporary .env"},
        {"exec-env", "run a command with the decrypted values in its environment"},
        {"exec-file", "run a command on the plaintext in a temporary file"},
        {"set", "set one value, in place"},
        {"unset", "remove one value, in place"},
        {"filestatus", "tell whether a file is encrypted (JSON)"},
        {"keygen", "generate an age identity"},
        {"updatekeys", "make files' recipients match their .sops.yaml rule"},
        {"rotate", "give files a new data key"},
        {"backups", "list the backups that rotate, updatekeys and restore kept"},
        {"restore", "put back the files of a backup"},
        {"list", "list each service's secret keys and their status, never values"},
        {"validate", "check services' secrets for problems"},
        {"generate", "generate random secrets into a service's .env.enc"},
    };

    private Main() {
    }

    /** Builds only the verb that runs: a switch loads one command class, where a table of constructor references would link them all. */
    private static Verb create(String verb) {
        return switch (verb) {
            case "encrypt" -> new EncryptCommand();
            case "decrypt" -> new DecryptCommand();
            case "edit" -> new EditCommand();
            case "deploy" -> new DeployCommand();
            case "exec-env" -> new ExecEnvCommand();
            case "exec-file" -> new ExecFileCommand();
            case "set" -> new SetCommand();
            case "unset" -> new UnsetCommand();
            case "filestatus" -> new FileStatusCommand();
            case "keygen" -> new KeygenCommand();
            case "updatekeys" -> new UpdateKeysCommand();
            case "rotate" -> new RotateCommand();
            case "backups" -> new BackupsCommand();
            case "restore" -> new RestoreCommand();
            case "list" -> new ListCommand();
            case "validate" -> new ValidateCommand();
            case "generate" -> new GenerateCommand();
            default -> null;
        };
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
                Verb named = args.length > 1 ? create(args[1]) : null;
                System.out.print(named == null ? help() : named.syntax().help());
                return 0;
            default:
                break;
        }
        Verb verb = create(first);
        if (verb == null) {
            throw new UsageException("unknown verb '" + first + "' (see: secrets --help)");
        }
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
        int width = 0;
        for (String[] verb : VERBS) {
            width = Math.max(width, verb[0].length());
        }
        for (String[] verb : VERBS) {
            out.append("  ").append(verb[0]).append(" ".repeat(width - verb[0].length() + 2)).append(verb[1]).append('\n');
        }
        return out.append("\nsecrets VERB --help shows a verb's options; --verbose prints each step; --version the version.\n").toString();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
