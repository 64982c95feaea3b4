package dev.secrets.sops.stores.yaml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Large maps are checked by hashing: the duplicate reported must be the one the pair loop finds. */
class DuplicateKeyCheckTest {
    @Test
    void hashingFindsThePairLoopsDuplicate() {
        Random random = new Random(20260604);
        String[] keys = {"a", "b", "c", "d", "<<", "e", "f", "g"};
        for (int n = 0; n < 20_000; n++) {
            YamlNode.Mapping m = new YamlNode.Mapping(0, 0, false, null);
            int size = random.nextInt(40);
            for (int i = 0; i < size; i++) {
                YamlNode key = random.nextInt(10) == 0 ? new YamlNode.Sequence(i, 0, false)
                        : new YamlNode.Scalar(i, 0, random.nextInt(3) == 0 ? keys[random.nextInt(keys.length)]
                        : "k" + random.nextInt(60), true, null);
                m.keys.add(key);
                m.values.add(new YamlNode.Scalar(i, 3, "v", true, null));
            }
            assertArrayEquals(DuplicateKeyCheck.firstDuplicateByPairs(m), DuplicateKeyCheck.firstDuplicateByHash(m));
        }
    }
}
