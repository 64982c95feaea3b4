package dev.secrets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * No {@code sops.age.*} property: the key is found as sops finds it, here through
 * {@code SOPS_AGE_KEY_FILE} (set by surefire to the repository's throwaway key).
 */
@SpringBootTest(classes = TestApp.class, properties = "spring.config.import=sops:" + Fixtures.DIR + "/discovered.enc.yaml")
class SopsKeyDiscoveryTest {
    static {
        Fixtures.write();
    }

    @Autowired
    Environment env;

    @Test
    void keyFromSopsKeyDiscovery() {
        assertEquals("found-by-discovery", env.getProperty("discovered.secret"));
    }
}
