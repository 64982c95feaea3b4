package dev.secrets.cli;

import dev.secrets.cli.audit.AuditCommand;
import dev.secrets.cli.files.DecryptCommand;
import dev.secrets.cli.files.EditCommand;
import dev.secrets.cli.files.EncryptCommand;
import dev.secrets.cli.files.ExecEnvCommand;
import dev.secrets.cli.files.ExecFileCommand;
import dev.secrets.cli.files.FileStatusCommand;
import dev.secrets.cli.files.SetCommand;
import dev.secrets.cli.files.UnsetCommand;
import dev.secrets.cli.completion.CompleteCommand;
import dev.secrets.cli.completion.CompletionCommand;
import dev.secrets.cli.git.GitCommand;
import dev.secrets.cli.git.GuardCommand;
import dev.secrets.cli.git.InitCommand;
import dev.secrets.cli.keys.BackupsCommand;
import dev.secrets.cli.keys.GroupsCommand;
import dev.secrets.cli.keys.KeygenCommand;
import dev.secrets.cli.keys.RestoreCommand;
import dev.secrets.cli.keys.RotateCommand;
import dev.secrets.cli.keys.UpdateKeysCommand;
import dev.secrets.cli.service.DeployCommand;
import dev.secrets.cli.service.DownCommand;
import dev.secrets.cli.service.ExportCommand;
import dev.secrets.cli.service.GenerateCommand;
import dev.secrets.cli.service.ListCommand;
import dev.secrets.cli.service.RenewCommand;
import dev.secrets.cli.service.ValidateCommand;
import dev.secrets.sops.SopsException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** The {@code secrets} command: sops-compatible file verbs plus the docker compose service workflow. */
public final class Main {
    /** The verbs and their one-line summaries, in help order. */
    private static final String[][] VERBS = {
        {"encrypt", "encrypt a file, or a service's .env into .env.enc"},
        {"decrypt", "decrypt a file, or a service's .env.enc into its .env"},
        {"edit", "edit an encrypted file or a service's secrets in $EDITOR"},
        {"deploy", "docker compose up -d with a service's secrets in a temporary .env"},
        {"down", "docker compose down, then remove the stack's secret files"},
        {"exec-env", "run a command with the decrypted values in its environment"},
        {"exec-file", "run a command on the plaintext in a temporary file"},
        {"set", "set one value, in place"},
        {"unset", "remove one value, in place"},
        {"filestatus", "tell whether a file is encrypted (JSON)"},
        {"keygen", "generate an age identity"},
        {"updatekeys", "make files' recipients match their .sops.yaml rule"},
        {"rotate", "give files a new data key"},
        {"groups add", "add a key group to a file (sops groups add)"},
        {"groups delete", "remove a key group from a file (sops groups delete)"},
        {"backups", "list the backups that rotate, updatekeys and restore kept"},
        {"restore", "put back the files of a backup"},
        {"list", "list each service's secret keys and their status, never values"},
        {"validate", "check services' secrets for problems"},
        {"generate", "generate random secrets into a service's .env.enc"},
        {"renew", "a new value for a key in every service that holds it, as one unit"},
        {"export", "the structure as JSON (no values), env files per service, or a sops-encrypted k8s Secret"},
        {"init", "set a repo up: age key, .sops.yaml, .gitignore, pre-commit guard, git drivers"},
        {"guard", "pre-commit check: refuse staged plaintext secrets and broken sops files"},
        {"audit", "print and check the audit log of secret accesses"},
        {"git merge", "git's merge driver for sops files (merge key by key)"},
        {"git textconv", "git's diff driver for sops files (print one decrypted)"},
        {"completion", "print the shell completion script for bash, zsh or fish"},
    };

    private Main() {
    }

    /** Builds only the verb that runs: a switch loads one command class, where a table of constructor references would link them all. */
    private static Verb create(String verb, Context ctx) {
        return switch (verb) {
            case "encrypt" -> new EncryptCommand(ctx);
            case "decrypt" -> new DecryptCommand(ctx);
            case "edit" -> new EditCommand(ctx);
            case "deploy" -> new DeployCommand(ctx);
            case "down" -> new DownCommand(ctx);
            case "exec-env" -> new ExecEnvCommand(ctx);
            case "exec-file" -> new ExecFileCommand(ctx);
            case "set" -> new SetCommand(ctx);
            case "unset" -> new UnsetCommand(ctx);
            case "filestatus" -> new FileStatusCommand(ctx);
            case "keygen" -> new KeygenCommand(ctx);
            case "updatekeys" -> new UpdateKeysCommand(ctx);
            case "rotate" -> new RotateCommand(ctx);
            case "backups" -> new BackupsCommand(ctx);
            case "restore" -> new RestoreCommand(ctx);
            case "list" -> new ListCommand(ctx);
            case "validate" -> new ValidateCommand(ctx);
            case "generate" -> new GenerateCommand(ctx);
            case "renew" -> new RenewCommand(ctx);
            case "export" -> new ExportCommand(ctx);
            case "init" -> new InitCommand(ctx);
            case "guard" -> new GuardCommand(ctx);
            case "audit" -> new AuditCommand(ctx);
            case "completion" -> new CompletionCommand(ctx);
            case CompleteCommand.NAME -> new CompleteCommand(ctx); // hidden: what completion scripts call
            default -> null;
        };
    }

    /** The verbs in help order with their summaries ({@code git merge} for a git subcommand): what completion offers. */
    public static List<String[]> verbs() {
        return Arrays.stream(VERBS).map(String[]::clone).toList();
    }

    /** The verb named as in {@link #verbs()}, its syntax unparsed; null when there is none. */
    public static Verb verb(String name, Context ctx) {
        if (name.startsWith("git ")) {
            return GitCommand.create(ctx, name.substring(4));
        }
        return name.startsWith("groups ") ? GroupsCommand.create(ctx, name.substring(7)) : create(name, ctx);
    }

    public static void main(String[] args) {
        System.exit(run(Context.system(), args));
    }

    /** Runs the command line in this process's context and returns the exit code. */
    public static int run(String... args) {
        return run(Context.system(), args);
    }

    /** Runs the command line in a context (streams, environment, working folder) and returns the exit code. */
    public static int run(Context ctx, String... args) {
        PrintStream err = ctx.err();
        int code = 1;
        try {
            code = dispatch(ctx, args);
            return code;
        } catch (UsageException e) {
            err.println("secrets: " + oneLine(e.getMessage()));
            code = UsageException.EXIT_CODE;
            return code;
        } catch (SopsException e) {
            err.println("secrets: " + oneLine(e.getMessage()));
            printDiagnosis(err, e);
            code = e.exitCode();
            return code;
        } catch (Exception e) {
            // Only the class: messages of JDK and parser exceptions can quote the input they choked on.
            err.println("secrets: internal error: " + e.getClass().getName());
            return 1;
        } finally {
            ctx.finishAudit(code);
            ctx.out().flush();
            err.flush();
        }
    }

    private static int dispatch(Context ctx, String... args) throws Exception {
        if (args.length > 0 && args[0].equals("--verbose")) { // as sops: a global flag before the verb
            ctx.verbose(true);
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        String first = args.length == 0 ? "" : args[0];
        switch (first) {
            case "":
                ctx.err().print(help());
                return UsageException.EXIT_CODE;
            case "-h", "--help":
                ctx.out().print(help());
                return 0;
            case "-V", "--version", "-v":
                if (first.equals("-v") && !ctx.asSops()) {
                    break; // sops' short version flag; secrets' is -V
                }
                // as sops: its first line, which tools such as helm-secrets parse for the version
                ctx.out().println(ctx.asSops() ? "sops " + dev.secrets.sops.metadata.Metadata.SOPS_VERSION + " ("
                        + Version.line() + ")" : Version.line());
                return 0;
            case "help":
                Verb named = args.length > 1 ? create(args[1], ctx) : null;
                ctx.out().print(named == null ? help() : named.syntax().help());
                return 0;
            default:
                break;
        }
        int rest = 1;
        Verb verb;
        if (first.equals("git") || first.equals("groups")) { // git merge|textconv (git's config), sops' groups add|delete
            if (args.length < 2) {
                throw new UsageException(first + ": name a subcommand ("
                        + (first.equals("git") ? "merge, textconv" : "add, delete") + ")");
            }
            verb = verb(first + " " + args[1], ctx); // the one lookup help and completion use too
            rest = 2;
        } else {
            verb = create(first, ctx);
        }
        if (verb == null && ClassicForm.applies(ctx, first)) {
            // sops -d FILE, sops -e -i FILE, sops --set '...' FILE, sops FILE (edit): the verb form
            List<String> verbForm = ClassicForm.toVerbForm(Arrays.asList(args));
            ctx.log("sops classic form, run as: " + verbForm.get(0));
            args = verbForm.toArray(new String[0]);
            ctx.classicForm(true);
            verb = create(args[0], ctx);
        }
        if (verb == null) {
            throw new UsageException("unknown verb '" + first + "' (see: secrets --help)");
        }
        Syntax syntax = verb.syntax();
        Syntax.Request request = syntax.parse(Arrays.asList(args).subList(rest, args.length));
        if (syntax.verbose()) {
            ctx.verbose(true);
        }
        switch (request) {
            case HELP:
                ctx.out().print(syntax.help());
                return 0;
            case VERSION:
                ctx.out().println(Version.line());
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

    /** The second part of an error when no key opened a file (NoKeyDiagnosis): indented, public keys only. */
    public static void printDiagnosis(PrintStream err, Throwable e) {
        for (String line : NoKeyDiagnosis.linesOf(e)) {
            err.println("  " + oneLine(line));
        }
    }

    public static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
