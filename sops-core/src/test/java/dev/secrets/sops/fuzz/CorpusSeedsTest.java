package dev.secrets.sops.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.stores.Format;
import dev.secrets.sops.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fuzz targets' bodies over real files, read in place (never copied into the repo): every file
 * of the repo's testdata/ and of ../shared's sops corpus through every store and the metadata
 * reader, each .sops.yaml through the config loader, each ENC[...] value through the value parser,
 * and each corpus file through the whole-file decrypt with its data key from MANIFEST.tsv. Without
 * ../shared only testdata/ runs, and a SKIPPED line says so.
 */
class CorpusSeedsTest {
    private static final Pattern ENC = Pattern.compile("ENC\\[AES256_GCM,[^\\]\\s]*\\]");

    @Test
    void repoTestDataThroughEveryTarget() {
        List<Path> files = FuzzFiles.repoTestData();
        assertTrue(files.size() >= 10, "testdata/ files: " + files.size());
        files.forEach(CorpusSeedsTest::everyParser);
        CorpusSeedsTest.config(FuzzFiles.repoRoot().resolve(".sops.yaml"));
    }

    @Test
    void sharedCorpusThroughEveryTarget() {
        Path corpus = FuzzFiles.sharedCorpusOrNull("the fuzz targets' corpus replay");
        if (corpus == null) {
            return;
        }
        List<Path> files = FuzzFiles.filesUnder(corpus);
        assertTrue(files.size() >= 40, "corpus files: " + files.size());
        files.forEach(CorpusSeedsTest::everyParser);
        int decrypted = 0;
        for (SharedTestData.CorpusFile row : SharedTestData.manifest()) {
            Format format = Format.parse(row.store());
            DecryptFuzzTest.decrypt(FuzzContract.withFormat(format, FuzzFiles.read(row.path())), row.dataKey());
            decrypted++;
        }
        assertTrue(decrypted >= 18, "decrypted " + decrypted);
    }

    private static void everyParser(Path file) {
        byte[] bytes = FuzzFiles.read(file);
        for (Format format : Format.values()) {
            StoreFuzzTest.load(format, bytes);
        }
        FuzzContract.refusalIsClean(() -> MetadataFuzzTest.read(bytes));
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> values = new ArrayList<>();
        Matcher m = ENC.matcher(text);
        while (m.find()) {
            values.add(m.group());
        }
        for (String v : values) {
            new EncryptedValueFuzzTest().parse(v.getBytes(StandardCharsets.UTF_8));
        }
        if (file.getFileName().toString().equals(".sops.yaml")) {
            config(file);
        }
    }

    private static void config(Path file) {
        ConfigFuzzTest.load(new String(FuzzFiles.read(file), StandardCharsets.UTF_8));
    }
}
