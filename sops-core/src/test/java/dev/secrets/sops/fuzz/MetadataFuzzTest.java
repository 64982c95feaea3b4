package dev.secrets.sops.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.sops.internal.LastModified;
import dev.secrets.sops.aes.TreeCipher;
import dev.secrets.sops.aes.ValueCipher;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.internal.MetadataCodec;
import dev.secrets.sops.internal.Flattening;
import dev.secrets.sops.stores.yaml.YamlStore;
import dev.secrets.sops.tree.Branch;
import java.util.List;

/**
 * The metadata reader on any map: a YAML document whose {@code sops} map (or the document itself)
 * is read as metadata, its selection regex compiled and applied, the MAC decrypted with a key, and
 * the metadata written back both nested (YAML/JSON) and flattened (dotenv/INI) and read again.
 */
class MetadataFuzzTest {
    @FuzzTest
    void metadata(byte[] input) {
        refusalIsClean(() -> read(input));
    }

    static void read(byte[] input) {
        List<Branch> docs = new YamlStore().loadPlain(input);
        if (docs.isEmpty()) {
            return;
        }
        Branch doc = docs.get(0);
        Branch m = doc.get("sops") instanceof Branch b ? b : doc;
        Metadata md = MetadataCodec.fromBranch(m);
        String lastModified = LastModified.canonical(md.lastModified());
        ValueCipher cipher = new ValueCipher();
        new TreeCipher(cipher, FuzzContract.DATA_KEY, md.selection(), md.macOnlyEncrypted())
                .decrypt(List.of(new Branch().add("a", "").add("b_unencrypted", 1L)));
        if (!md.mac().isEmpty()) {
            refusalIsClean(() -> TreeCipher.decryptMac(cipher, FuzzContract.DATA_KEY, md.mac(), lastModified));
        }
        Branch written = MetadataCodec.toBranch(md);
        MetadataCodec.fromBranch(written);
        MetadataCodec.fromBranch(Flattening.unflatten(Flattening.flatten(written)));
    }
}
