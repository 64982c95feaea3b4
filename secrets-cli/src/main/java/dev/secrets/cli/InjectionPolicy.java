package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.UnauthenticatedValue;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code deploy} and {@code exec-env} agree to hand to another program. sops' MAC hashes values
 * only; a name is bound to its value through the AAD of an encrypted value alone. So anyone who can
 * write the file, without the key, can add plaintext entries under {@code mac_only_encrypted}, rename
 * a plaintext entry (and change the unencrypted_suffix/regex to match), and add empty ones. Refused:
 * <ul>
 * <li>always: a name that appears twice (a second line overrides the first; an appended empty
 *     {@code DB_PASSWORD=} hashes nothing), and a loader-controlling name ({@code LD_*},
 *     {@code DYLD_*}) whose value is not authenticated;</li>
 * <li>unless {@code --allow-unauthenticated} (then a warning names them): a non-empty value stored in
 *     plaintext; for exec-env, an empty value that would replace a variable the environment already
 *     has (an empty {@code PATH} makes the shell run programs from the working folder); and an empty
 *     value that would replace the non-empty value of a lower scope (shared &lt; service &lt;
 *     environment).</li>
 * </ul>
 * Empty placeholders (a new {@code KEY=}) are passed: no one can authenticate them, and compose
 * treats an empty value as a value.
 */
public final class InjectionPolicy implements Syntax.Part {
    static final String FLAG = "--allow-unauthenticated";
    private final Context ctx;
    private boolean allowUnauthenticated;

    public InjectionPolicy(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void declareIn(Syntax syntax) {
        syntax.flag(FLAG, "inject values the MAC does not authenticate (plaintext values) with a warning; duplicated "
                + "names and unauthenticated LD_*/DYLD_* names are refused regardless", () -> allowUnauthenticated = true);
    }

    /**
     * Checks the first document's top-level entries about to be injected.
     *
     * @param inherited the environment the values would be added to (exec-env), or null (deploy: a file)
     * @throws SopsException (exit 1) naming the file and the entries, never a value
     */
    public void check(Path file, Branch document, List<UnauthenticatedValue> unauthenticated,
                      Map<String, String> inherited) {
        check(file, document, unauthenticated, inherited, Set.of());
    }

    /**
     * As {@link #check(Path, Branch, List, Map)} for one scope file of several merged in order:
     * {@code lowerScopes} names the keys the scope files below it already give a non-empty value, which
     * an unauthenticated empty entry here would replace (an appended {@code DB_PASSWORD=} in the
     * service file must not silently blank the shared scope's encrypted password).
     */
    public void check(Path file, Branch document, List<UnauthenticatedValue> unauthenticated,
                      Map<String, String> inherited, Set<String> lowerScopes) {
        Set<String> seen = new HashSet<>();
        for (Branch.Item item : document) {
            if (item.key() instanceof String key && !seen.add(key)) {
                throw refusal(file, key + " appears more than once (a later line would replace the first)");
            }
        }
        Map<String, String> loose = new LinkedHashMap<>();
        for (UnauthenticatedValue v : unauthenticated) {
            if (v.document() != 0) {
                continue;
            }
            String key = v.topLevelKey();
            if (loaderName(key)) {
                throw refusal(file, key + " is " + v.reason() + ": a loader-controlling name is injected only when "
                        + "the MAC authenticates it (encrypt its value)");
            }
            if (!v.empty()) {
                loose.putIfAbsent(key, v.reason());
            } else if (inherited != null && inherited.containsKey(key)) {
                loose.putIfAbsent(key, "empty and would replace the variable of the same name");
            } else if (lowerScopes.contains(key)) {
                loose.putIfAbsent(key, "empty and would replace the value a lower scope file gives it");
            }
        }
        if (loose.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        loose.forEach((k, why) -> lines.add(k + " is " + why));
        String what = String.join("; ", lines) + ": anyone who can write the file can set such a name without the key";
        if (!allowUnauthenticated) {
            throw refusal(file, what + " (" + FLAG + " injects it with a warning)");
        }
        ctx.err().println("secrets: warning: " + file + ": " + what + "; injected anyway (" + FLAG + ")");
    }

    static boolean loaderName(String key) {
        return key.startsWith("LD_") || key.startsWith("DYLD_");
    }

    private static SopsException refusal(Path file, String why) {
        return new SopsException(ExitCodes.ERROR_GENERIC, file + ": not injected: " + why);
    }
}
