package dev.secrets.sops.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.sops.internal.LastModified;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import java.util.List;

/**
 * Each store's parser on arbitrary bytes, both ways a file is read: as a plaintext (then written
 * back and read again, as encrypt/edit do) and as an encrypted file (documents and metadata split,
 * the metadata read as sops metadata, then the file written again with it, as rotate/updatekeys do).
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
            store.loadPlain(written);
        });
        refusalIsClean(() -> {
            Store.EncryptedDocuments loaded = store.loadEncrypted(input);
            if (loaded.metadata() == null) {
                return;
            }
            Metadata md = MetadataCodec.fromBranch(loaded.metadata());
            md.selection().pattern();
            LastModified.canonical(md.lastModified());
            store.emitEncrypted(loaded.documents(), MetadataCodec.toBranch(md));
        });
    }
}
