package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.tree.Branch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Comments are placed by bisecting the entries' lines: the same places as a scan of every entry. */
class CommentPlacerTest {
    private static Branch placed(String text, boolean bisect) {
        List<YamlEventComposer.Document> docs = new YamlEventComposer(text).documents();
        if (docs.isEmpty() || !(docs.get(0).root() instanceof YamlNode.Mapping m)) {
            return null;
        }
        new CommentPlacer(m, bisect).place(docs.get(0).comments());
        return new YamlTreeBuilder().document(m);
    }

    @Test
    void bisectionPlacesAsTheScan() {
        YamlTextGenerator generator = new YamlTextGenerator(20260605);
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = i % 2 == 0 ? generator.document() : generator.mutate(generator.document());
            Branch scan;
            try {
                scan = placed(text, false);
            } catch (RuntimeException | StackOverflowError e) {
                continue; // not YAML, or not a tree sops reads
            }
            if (scan != null) {
                assertEquals(scan, placed(text, true), text);
                compared++;
            }
        }
        assertTrue(compared > 5_000, "compared " + compared);
    }
}
