package dev.secrets.cli;

import dev.secrets.age.AgeIdentities;
import dev.secrets.age.AgeIdentity;
import dev.secrets.age.LoadedIdentities;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to tell a user when no key opens a file (exit 128), after sops' own message: the recipients
 * the file is encrypted for (by key group), the public keys of the identities that were found and
 * where each came from, and the likely fix. The tool knows both sides; the user no longer compares
 * {@code keys.txt} with {@code .sops.yaml} by hand. Only public keys are ever named.
 */
public final class NoKeyDiagnosis {
    private NoKeyDiagnosis() {
    }

    /** An error with the diagnosis attached: Main and the bulk report print its lines after the message. */
    static final class Diagnosed extends SopsException {
        final List<String> lines;

        Diagnosed(SopsException e, List<String> lines) {
            super(e.exitCode(), e.getMessage(), e);
            this.lines = List.copyOf(lines);
        }
    }

    /** The diagnosis lines carried by an error or one of its causes (empty when there is none). */
    public static List<String> linesOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Diagnosed d) {
                return d.lines;
            }
        }
        return List.of();
    }

    /** For a file on disk: its metadata read with the options' input type. */
    public static SopsException attach(Context ctx, SopsException e, Path file, FileOptions options) {
        if (e.exitCode() != ExitCodes.COULD_NOT_RETRIEVE_KEY || !linesOf(e).isEmpty()) {
            return e;
        }
        try {
            return attach(ctx, e, AtomicFile.read(file), Stores.of(options.inputFormat(file)), file);
        } catch (RuntimeException unreadable) {
            return e;
        }
    }

    /** For a file on disk, read again with its type from the name (the bulk verbs). */
    public static SopsException attach(Context ctx, SopsException e, Path file) {
        if (e.exitCode() != ExitCodes.COULD_NOT_RETRIEVE_KEY || !linesOf(e).isEmpty()) {
            return e;
        }
        try {
            return attach(ctx, e, AtomicFile.read(file), file);
        } catch (RuntimeException unreadable) {
            return e;
        }
    }

    /** For a file's bytes, read with its type from the name. */
    public static SopsException attach(Context ctx, SopsException e, byte[] encrypted, Path file) {
        return attach(ctx, e, encrypted, Stores.of(Format.ofPath(file.toString())), file);
    }

    public static SopsException attach(Context ctx, SopsException e, byte[] encrypted, Store store, Path file) {
        if (e.exitCode() != ExitCodes.COULD_NOT_RETRIEVE_KEY || !linesOf(e).isEmpty()) {
            return e;
        }
        Metadata md;
        try {
            md = Sops.metadata(encrypted, store);
        } catch (RuntimeException unparsable) {
            return e;
        }
        if (md == null) {
            return e;
        }
        return new Diagnosed(e, lines(ctx, md, file));
    }

    static List<String> lines(Context ctx, Metadata md, Path file) {
        LoadedIdentities found = null;
        for (Identity id : ctx.identities()) {
            if (id instanceof AgeIdentities age) {
                found = age.loaded();
            }
        }
        List<AgeIdentity> ids = found == null ? List.of() : found.identities();
        Set<String> mine = new HashSet<>();
        ids.forEach(i -> mine.add(i.recipient()));

        List<String> out = new ArrayList<>();
        out.add("the file is encrypted for:");
        int opened = 0;
        boolean pgp = false;
        for (int g = 0; g < md.keyGroups().size(); g++) {
            KeyGroup group = md.keyGroups().get(g);
            boolean opens = false;
            for (StoredKey k : group.keys()) {
                boolean yours = StoredKey.AGE.equals(k.type()) && mine.contains(k.id());
                opens |= yours;
                pgp |= StoredKey.PGP.equals(k.type());
                out.add("  key group " + (g + 1) + ": " + k.type() + " " + k.id() + (yours ? "  (one of your keys)" : ""));
            }
            if (opens) {
                opened++;
            }
        }
        out.add(ids.isEmpty() ? "no age identity was found" : "your age identities (public keys):");
        for (int i = 0; i < ids.size(); i++) {
            out.add("  " + ids.get(i).recipient() + "  from " + found.origins().get(i));
        }
        if (pgp) {
            out.add("pgp keys were tried through gpg (GNUPGHOME, SOPS_GPG_EXEC): gpg holds no secret key for them");
        }
        out.add("likely fix: " + fix(md, ids, opened, file));
        return out;
    }

    private static String fix(Metadata md, List<AgeIdentity> ids, int groupsOpened, Path file) {
        int groups = md.keyGroups().size();
        int needed = md.shamirThreshold() == 0 ? groups : md.shamirThreshold();
        if (groupsOpened > 0 && groupsOpened >= needed) { // e.g. a passphrase-protected key whose passphrase failed
            return "one of your keys is a recipient but could not be used: see the error above (a passphrase-protected key "
                    + "needs its passphrase, typed on the terminal)";
        }
        if (groups > 1 && groupsOpened > 0) {
            return "your keys open " + groupsOpened + " of the " + needed + " key groups needed; the holders of keys of "
                    + "the other groups must open it (or add one of your keys to another group with `secrets updatekeys`)";
        }
        if (ids.isEmpty()) {
            return "give your key: SOPS_AGE_KEY_FILE=/path/to/keys.txt, SOPS_AGE_KEY, or the default keys.txt "
                    + "(~/.config/sops/age/keys.txt); keep it where it was when the file was made for you";
        }
        String yours = ids.get(0).recipient();
        return "none of your keys is a recipient. If you have another key file, point SOPS_AGE_KEY_FILE at it. "
                + "Otherwise someone who can open the file adds your public key (" + yours + ") to .sops.yaml and runs "
                + "`secrets updatekeys " + file + "`";
    }
}
