package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.ArrayList;
import java.util.List;

/**
 * sops' classic command line (before its verbs, still taken by sops 3.13 and called by scripts,
 * Makefiles and helm-secrets): {@code -d/--decrypt}, {@code -e/--encrypt}, {@code -r/--rotate},
 * {@code --set 'PATH VALUE'}, and no mode at all meaning edit ({@code sops FILE}). Each is rewritten
 * into the verb form with the same options, so it runs the same code, with the same output and exit
 * codes. The verb's own declarations then parse the options: nothing is parsed twice by hand.
 */
final class ClassicForm {
    private ClassicForm() {
    }

    /**
     * Whether an unknown first argument starts a classic command line: a flag, or a file (an existing
     * path, or a name with a '/' or '.' that {@code sops FILE} would create). A bare word stays an
     * unknown verb: more likely a typo than a new file.
     */
    static boolean applies(Context ctx, String first) {
        if (first.startsWith("-")) {
            return true;
        }
        return first.contains("/") || first.contains(".") || java.nio.file.Files.exists(ctx.path(first));
    }

    /** sops' global flags this tool takes and ignores: they only steer sops' update check. */
    private static final List<String> IGNORED = List.of("--disable-version-check", "--check-for-updates");

    /** sops' key-service flags: there is no key service here. */
    private static final List<String> KEYSERVICE = List.of("--keyservice", "--enable-local-keyservice");

    /**
     * The verb form of a classic command line: {@code [verb, args...]}. {@code -d -i f} becomes
     * {@code decrypt -i f}; {@code --set '["a"] 1' f} becomes {@code set f -- ["a"] 1}; {@code f} alone
     * becomes {@code edit f}.
     */
    static List<String> toVerbForm(List<String> args) {
        String mode = null;
        String setArgument = null;
        List<String> rest = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded) {
                rest.add(arg);
                continue;
            }
            String chosen = switch (arg) {
                case "-d", "--decrypt" -> "decrypt";
                case "-e", "--encrypt" -> "encrypt";
                case "-r", "--rotate" -> "rotate";
                default -> null;
            };
            if (arg.equals("--set") || arg.startsWith("--set=")) {
                chosen = "set";
                if (arg.equals("--set")) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--set needs a value: '[\"key\"] JSON_VALUE'");
                    }
                    setArgument = args.get(++i);
                } else {
                    setArgument = arg.substring("--set=".length());
                }
            }
            if (chosen != null) {
                if (mode != null && !mode.equals(chosen)) {
                    // sops warns and keeps the last one's result ("deprecated, will cause an error")
                    throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "Error: give one of --encrypt, "
                            + "--decrypt, --rotate and --set, not " + mode + " and " + chosen);
                }
                mode = chosen;
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (IGNORED.contains(name)) {
                continue;
            }
            if (KEYSERVICE.contains(name)) {
                throw new UsageException(name + " is not supported: keys are used in this process, there is no key service");
            }
            if (arg.equals("--")) {
                optionsEnded = true;
            }
            rest.add(arg);
        }
        if (mode == null || mode.equals("set")) {
            // sops takes -i as a global flag and ignores it here: edit and --set always write the file
            rest.removeIf(a -> a.equals("-i") || a.equals("--in-place"));
        }
        List<String> verbForm = new ArrayList<>();
        verbForm.add(mode == null ? "edit" : mode);
        verbForm.addAll(rest);
        if (setArgument != null) {
            String[] pathAndValue = splitSet(setArgument);
            if (!optionsEnded) {
                verbForm.add("--"); // the value may start with '-' (a negative number)
            }
            verbForm.add(pathAndValue[0]);
            verbForm.add(pathAndValue[1]);
        }
        return verbForm;
    }

    /** sops' extractSetArguments: the path ends at the first {@code "] "}, the JSON value follows. */
    static String[] splitSet(String set) {
        int end = set.indexOf("] ");
        if (end < 0) {
            throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "Invalid --set format");
        }
        String path = set.substring(0, end + 1).stripTrailing();
        if (!path.startsWith("[")) {
            throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "Invalid --set format");
        }
        return new String[] {path, set.substring(end + 2)};
    }
}
