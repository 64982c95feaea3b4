package dev.secrets.cli.keys;

import dev.secrets.age.AgeRecipient;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.NoKeyDiagnosis;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.UsageException;
import dev.secrets.cli.Verb;
import dev.secrets.cli.Writes;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.KeyUpdate;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.files.FileLock;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import dev.secrets.sops.metadata.KeyGroup;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code secrets groups add|delete} (sops groups): a key group added to or removed from a file. The
 * data key stays the same and is wrapped again for every group (Shamir shares made anew), so the
 * values, the MAC and {@code lastmodified} do not change. Printed to stdout unless {@code -i}.
 */
public abstract class GroupsCommand extends ContextVerb {
    Path file;
    boolean inPlace;
    int threshold;
    final FileOptions files = new FileOptions(ctx);

    GroupsCommand(Context ctx) {
        super(ctx);
    }

    /** The subcommand's verb, or a usage error naming the known ones. */
    public static Verb create(Context ctx, String subcommand) {
        return switch (subcommand) {
            case "add" -> new Add(ctx);
            case "delete" -> new Delete(ctx);
            default -> throw new UsageException("unknown groups subcommand '" + subcommand + "' (known: add, delete)");
        };
    }

    Syntax common(Syntax syntax) {
        return syntax.option("-f, --file", "FILE", "the encrypted file", v -> file = ctx.path(v))
                .flag("-i, --in-place", "write the result back into the file (else it is printed)", () -> inPlace = true)
                .option("--shamir-secret-sharing-threshold", "N", "key groups needed to decrypt afterwards",
                        v -> threshold = Integer.parseInt(v))
                .with(files);
    }

    /** The file's groups as recipients, changed by the subcommand. */
    abstract List<List<Recipient>> change(List<List<Recipient>> groups);

    @Override
    public Integer call() {
        if (file == null) {
            throw new UsageException("groups: name the file with --file (see: secrets groups add --help)");
        }
        if (threshold < 0) {
            throw new UsageException("groups: --shamir-secret-sharing-threshold must not be negative");
        }
        try (FileLock lock = inPlace ? FileLock.acquire(file) : null) {
            byte[] original = AtomicFile.read(file);
            Store store = files.storeFor(files.inputFormat(file), file);
            Metadata md = Sops.metadata(original, store);
            if (md == null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata not found");
            }
            List<List<Recipient>> groups = change(recipients(md));
            int wanted = threshold != 0 ? threshold : md.shamirThreshold();
            if (groups.size() < wanted) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "removing this key group will make the Shamir threshold "
                        + "impossible to satisfy: Shamir threshold is " + wanted + ", but we only have " + groups.size()
                        + " key groups");
            }
            byte[] out;
            try {
                out = KeyUpdate.plan(original, store, groups).apply(ctx.identities(), threshold);
            } catch (SopsException e) {
                throw NoKeyDiagnosis.attach(ctx, e, original, store, file);
            }
            if (inPlace) {
                Writes.atomic(ctx, file, out, false);
            } else {
                ctx.writeStdout(out);
            }
            return 0;
        } catch (SopsException e) {
            throw e.withFile(file);
        }
    }

    /** Every key of the file as a recipient the data key can be wrapped for (age only: pgp is never written). */
    static List<List<Recipient>> recipients(Metadata md) {
        List<List<Recipient>> groups = new ArrayList<>();
        for (KeyGroup g : md.keyGroups()) {
            List<Recipient> keys = new ArrayList<>();
            for (StoredKey k : g.keys()) {
                if (!StoredKey.AGE.equals(k.type())) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, "the file has a " + k.type() + " key (" + k.id()
                            + ") that this tool cannot write; move the file to age first (secrets updatekeys)");
                }
                keys.add(AgeRecipient.parse(k.id()));
            }
            groups.add(keys);
        }
        return groups;
    }

    /** {@code groups add --file F --age R1,R2}: a new group of these recipients. */
    static final class Add extends GroupsCommand {
        String age;
        String pgp;

        Add(Context ctx) {
            super(ctx);
        }

        @Override
        public Syntax syntax() {
            return common(new Syntax("groups add",
                    "Add a key group to an encrypted file (sops groups add). The data key is kept and wrapped",
                    "again for every group; printed to stdout unless -i.")
                    .option("--age", "RECIPIENTS", "the new group's age recipients, comma-separated (sops: --age repeated)",
                            v -> age = v)
                    .option("--pgp", "FINGERPRINTS", "not supported: pgp is read, never written (answers with an error)",
                            v -> pgp = v));
        }

        @Override
        List<List<Recipient>> change(List<List<Recipient>> groups) {
            if (pgp != null) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "--pgp is not supported: pgp keys are read through gpg "
                        + "but never written; give the group age recipients");
            }
            List<AgeRecipient> added = age == null ? List.of() : AgeRecipient.parseList(age);
            if (added.isEmpty()) {
                throw new UsageException("groups add: give the new group's keys with --age");
            }
            List<List<Recipient>> out = new ArrayList<>(groups);
            out.add(new ArrayList<>(added));
            return out;
        }
    }

    /** {@code groups delete --file F INDEX}: the group at INDEX (from 0, as sops) removed. */
    static final class Delete extends GroupsCommand {
        int index = -1;

        Delete(Context ctx) {
            super(ctx);
        }

        @Override
        public Syntax syntax() {
            return common(new Syntax("groups delete",
                    "Remove a key group from an encrypted file (sops groups delete). The data key is kept and",
                    "wrapped again for the remaining groups; printed to stdout unless -i.")
                    .parameter("INDEX", "the group's index, from 0 (as listed by `secrets edit -s`, minus one)",
                            v -> index = Integer.parseInt(v)));
        }

        @Override
        List<List<Recipient>> change(List<List<Recipient>> groups) {
            if (index < 0 || index >= groups.size()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "no key group " + index + ": the file has "
                        + groups.size() + " (indexes from 0)");
            }
            if (groups.size() == 1) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "cannot delete the only key group: nobody could open the file");
            }
            List<List<Recipient>> out = new ArrayList<>(groups);
            out.remove(index);
            return out;
        }
    }
}
