package dev.secrets.cli.keys;

import dev.secrets.age.AgeRecipient;
import dev.secrets.cli.Syntax;
import dev.secrets.sops.EncryptionRule;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import java.util.ArrayList;
import java.util.List;

/**
 * sops rotate's {@code --add-age/--rm-age/--add-pgp/--rm-pgp}: the file's own key groups, the added
 * keys appended to the first group, the removed ones taken out of every group (sops' rotate.go), as
 * the target of the rotation instead of the {@code .sops.yaml} rule.
 */
final class KeyChanges implements Syntax.Part {
    private final List<AgeRecipient> addAge = new ArrayList<>();
    private final List<String> removeAge = new ArrayList<>();
    private final List<String> removePgp = new ArrayList<>();
    private boolean addPgp;

    @Override
    public void declareIn(Syntax syntax) {
        syntax.option("--add-age", "RECIPIENTS", "add these comma-separated age recipients to the file's first key group",
                        v -> addAge.addAll(AgeRecipient.parseList(v)))
                .option("--rm-age", "RECIPIENTS", "remove these comma-separated age recipients from the file",
                        v -> removeAge.addAll(split(v)))
                .option("--add-pgp", "FINGERPRINTS", "not supported: pgp is read, never written (answers with an error)",
                        v -> addPgp = true)
                .option("--rm-pgp", "FINGERPRINTS", "remove these comma-separated PGP fingerprints from the file",
                        v -> removePgp.addAll(split(v)));
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** Whether any key is added or removed: the file's own groups are then the target, not the rule. */
    boolean any() {
        return addPgp || !addAge.isEmpty() || !removeAge.isEmpty() || !removePgp.isEmpty();
    }

    /** The file's key groups with the changes applied; every key left must be one this tool can write. */
    EncryptionRule apply(Metadata md) {
        if (addPgp) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "--add-pgp is not supported: pgp keys are read through gpg "
                    + "but never written; add an age recipient with --add-age");
        }
        List<List<Recipient>> groups = new ArrayList<>();
        for (KeyGroup g : md.keyGroups()) {
            List<Recipient> kept = new ArrayList<>();
            for (StoredKey k : g.keys()) {
                boolean removed = StoredKey.AGE.equals(k.type()) ? removeAge.contains(k.id())
                        : StoredKey.PGP.equals(k.type()) && removePgp.stream().anyMatch(fp -> sameFingerprint(fp, k.id()));
                if (removed) {
                    continue;
                }
                if (!StoredKey.AGE.equals(k.type())) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "the file has a " + k.type() + " key (" + k.id()
                            + ") that this tool cannot write: remove it in the same run (--rm-" + k.type() + ")");
                }
                kept.add(AgeRecipient.parse(k.id()));
            }
            groups.add(kept);
        }
        if (groups.isEmpty()) {
            groups.add(new ArrayList<>());
        }
        for (AgeRecipient r : addAge) {
            if (groups.get(0).stream().noneMatch(k -> k.id().equals(r.id()))) {
                groups.get(0).add(r);
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).isEmpty()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "key group " + (i + 1)
                        + " would have no key left: nobody could open the file");
            }
        }
        return new EncryptionRule(groups, 0, null, false);
    }

    /** gpg prints fingerprints with spaces and in either case; sops compares them as written, we do not need to be stricter. */
    private static boolean sameFingerprint(String given, String stored) {
        return given.replace(" ", "").equalsIgnoreCase(stored.replace(" ", ""));
    }
}
