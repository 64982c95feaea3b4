package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alias expansion is bounded by go-yaml v3's "excessive aliasing" rule: a small file cannot make
 * the loader build millions of nodes, and ordinary anchors still load.
 */
class AliasBombTest {
    /** Level 0 is ten scalars; each next level lists the previous one ten times: 10^(levels) leaves. */
    private static String chain(int levels) {
        StringBuilder y = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < levels; i++) {
            String prev = "*l" + (i - 1);
            y.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, prev))).append("]\n");
        }
        return y.toString();
    }

    private static List<Branch> load(String yaml) {
        return Stores.of(Format.YAML).loadPlain(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBillionLaughsChainIsRefused() {
        String bomb = chain(9); // 10^9 leaves from about 500 bytes
        assertTrue(bomb.length() < 600, bomb.length() + " bytes");
        SopsException e = assertThrows(SopsException.class, () -> load(bomb));
        assertTrue(e.getMessage().contains("document contains excessive aliasing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aMillionNodeChainIsRefused() {
        // 6 levels: about 1.1M nodes, 99.99% of them from aliases (before this rule: accepted, 12 s)
        SopsException e = assertThrows(SopsException.class, () -> load(chain(6)));
        assertTrue(e.getMessage().contains("document contains excessive aliasing"), e.getMessage());
    }

    @Test
    void smallChainsAndSharedBlocksStillLoad() {
        // 3 levels: about 1,350 nodes, nearly all from aliases, still under go-yaml's 99% share
        Branch doc = load(chain(3)).get(0);
        assertEquals(10, ((List<?>) doc.get("l2")).size());
        // compose-style shared block used many times: a minority of the nodes come from aliases
        StringBuilder compose = new StringBuilder("x-common: &common\n    restart: unless-stopped\n    env_file: .env\nservices:\n");
        for (int i = 0; i < 300; i++) {
            compose.append("    s").append(i).append(":\n        <<: *common\n        image: img").append(i)
                    .append("\n        ports: [\"").append(8000 + i).append(":80\"]\n");
        }
        Branch services = (Branch) load(compose.toString()).get(0).get("services");
        assertEquals(300, services.size());
    }

    @Test
    void theRatioFollowsGoYaml() {
        assertFalse(YamlTreeBuilder.excessiveAliasing(1000, 999), "up to 1000 decoded nodes anything goes");
        assertFalse(YamlTreeBuilder.excessiveAliasing(100_000, 100), "up to 100 aliased nodes anything goes");
        assertTrue(YamlTreeBuilder.excessiveAliasing(1001, 992), "99.1% from aliases");
        assertFalse(YamlTreeBuilder.excessiveAliasing(1001, 990), "98.9% from aliases");
        assertFalse(YamlTreeBuilder.excessiveAliasing(4_000_000, 400_000), "10% at 4M");
        assertTrue(YamlTreeBuilder.excessiveAliasing(4_000_000, 400_001), "over 10% at 4M");
        // halfway: 0.99 - 0.89 / 2 = 0.545
        assertTrue(YamlTreeBuilder.excessiveAliasing(2_200_000, 1_200_000));
        assertFalse(YamlTreeBuilder.excessiveAliasing(2_200_000, 1_190_000));
    }
}
