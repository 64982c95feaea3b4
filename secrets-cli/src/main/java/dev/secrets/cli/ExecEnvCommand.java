package dev.secrets.cli;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.ValueText;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code secrets exec-env SERVICE|FILE -- CMD...}: CMD runs with the decrypted values in its environment; no file is written. */
@Command(name = "exec-env", mixinStandardHelpOptions = true,
        description = {"Run a command with the decrypted top-level values as environment variables.",
            "One argument is run by /bin/sh -c (as sops does); several are run directly."})
final class ExecEnvCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|SERVICE")
    String target;

    @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*")
    List<String> command = new ArrayList<>();

    @Option(names = "--pristine", description = "do not inherit this process's environment")
    boolean pristine;

    @Mixin
    FileOptions files;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path enc = Target.resolve(target, files.root).requireEncrypted();
        SecretFile secret = SecretFile.of(enc, files);
        Map<String, String> vars;
        try (DecryptedFile decrypted = secret.open(false)) {
            vars = variables(decrypted.documents().get(0));
        }
        ProcessBuilder pb = new ProcessBuilder(commandLine(command)).inheritIO();
        if (pristine) {
            pb.environment().clear();
        }
        pb.environment().putAll(vars);
        vars.clear();
        try {
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "could not run " + command.get(0) + ": " + e.getMessage());
        }
    }

    static List<String> commandLine(List<String> args) {
        return args.size() == 1 ? List.of("/bin/sh", "-c", args.get(0)) : args;
    }

    /** Top-level entries as strings (sops' ValToString); maps, lists and keys holding '=' are refused. */
    static Map<String, String> variables(Branch doc) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Branch.Item item : doc) {
            if (!(item.key() instanceof String key)) {
                continue;
            }
            if (key.contains("=")) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "cannot use key " + key + " in the environment: it holds '='");
            }
            Object v = item.value();
            if (v instanceof Branch || v instanceof List) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "cannot use complex value in the environment; offending key "
                        + key);
            }
            out.put(key, ValueText.valToString(v));
        }
        return out;
    }
}
