package example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The application starts with the committed sops file, opened with the repository's throwaway test key. */
@SpringBootTest(properties = "sops.age.key-file=../../testdata/keys/test-only-age-key.txt")
class ExampleApplicationTest {
    @Autowired
    DatabaseProperties db;

    @Test
    void databaseSettingsComeFromTheSopsFile() {
        assertEquals("jdbc:postgresql://db.internal:5432/shop", db.getUrl());
        assertEquals("shop", db.getUser());
        assertEquals("example-only-not-a-secret", db.getPassword());
        assertEquals(List.of("replica-1.internal", "replica-2.internal"), db.getReplicas());
    }
}
