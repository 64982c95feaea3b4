package dev.secrets.sops.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.sops.internal.LastModified;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import java.util.List;
import java.util.function.Supplier;

/**
 * Each store's parser on arbitrary bytes, both ways a file is read: as a plaintext (then written
 * back and read again, as encrypt/edit do) and as an encrypted file (documents and metadata split,
 * the metadata read as sops metadata, then the file written again with it, as rotate/updatekeys do).
 * Whatever loads must survive its own writer: reading what was written gives an equal tree (and,
 * for an encrypted file, equal metadata), or edit and rotate would silently change a file. The one
 * difference allowed is sops' own (SOPS-FORMAT.md §13 item 7): an integral float is written without
 * a fraction, as Go's FormatFloat does, and so reads back as the int of the same value.
 */
class StoreFuzzTest {
    @FuzzTest
    void yaml(byte[] input) {
        load(Format.YAML, input);
    }

    @FuzzTest
    void json(byte[] input) {
        load(Format.JSON, input);
    }

    @FuzzTest
    void dotenv(byte[] input) {
        load(Format.DOTENV, input);
    }

    @FuzzTest
    void ini(byte[] input) {
        load(Format.INI, input);
    }

    @FuzzTest
    void binary(byte[] input) {
        load(Format.BINARY, input);
    }

    /** The body of every store target (also run over the corpus by {@link CorpusSeedsTest}). */
    static void load(Format format, byte[] input) {
        Store store = Stores.of(format);
        refusalIsClean(() -> {
            List<Branch> docs = store.loadPlain(input);
            byte[] written = store.emitPlain(docs);
            // what we wrote must read back, and as the same tree: not even a clean refusal will do
            List<Branch> reread = readBack(() -> store.loadPlain(written), format + " plaintext");
            if (!sameTree(reread, docs)) {
                throw new AssertionError(format + " plaintext: written then read back gives another tree");
            }
        });
        refusalIsClean(() -> {
            Store.EncryptedDocuments loaded = store.loadEncrypted(input);
            if (loaded.metadata() == null) {
                return;
            }
            Metadata md = MetadataCodec.fromBranch(loaded.metadata());
            md.selection().pattern();
            LastModified.canonical(md.lastModified());
            Branch metadata = MetadataCodec.toBranch(md);
            byte[] written = store.emitEncrypted(loaded.documents(), metadata);
            Store.EncryptedDocuments reread = readBack(() -> store.loadEncrypted(written), format + " encrypted");
            if (!sameTree(reread.documents(), loaded.documents())) {
                throw new AssertionError(format + " encrypted: written then read back gives other documents");
            }
            Branch metadataAgain = reread.metadata() == null ? null
                    : readBack(() -> MetadataCodec.toBranch(MetadataCodec.fromBranch(reread.metadata())), format + " metadata");
            if (!metadata.equals(metadataAgain)) {
                throw new AssertionError(format + " encrypted: written then read back gives other metadata");
            }
        });
    }

    /** Equal trees, but for an integral float read back as the int sops writes it as. */
    static boolean sameTree(Object a, Object b) {
        if (a instanceof Branch x && b instanceof Branch y) {
            return sameTree(x.items(), y.items());
        }
        if (a instanceof Branch.Item x && b instanceof Branch.Item y) {
            return x.key().equals(y.key()) && sameTree(x.value(), y.value());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameTree(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Long l && b instanceof Double d) {
            return integralFloatWrittenAsInt(d, l);
        }
        if (a instanceof Double d && b instanceof Long l) {
            return integralFloatWrittenAsInt(d, l);
        }
        return java.util.Objects.equals(a, b);
    }

    /** Go writes 1500.0 as 1500 and -0.0 as -0, which read back as the ints 1500 and 0. */
    private static boolean integralFloatWrittenAsInt(double d, long l) {
        return d == Math.rint(d) && Math.abs(d) < 0x1p63 && (long) d == l;
    }

    /** Reads what a store itself wrote: a refusal there is a finding, not a clean error. */
    private static <T> T readBack(Supplier<T> read, String what) {
        try {
            return read.get();
        } catch (SopsException e) {
            throw new AssertionError(what + ": our own output is refused when read back: " + e.getMessage(), e);
        }
    }
}
