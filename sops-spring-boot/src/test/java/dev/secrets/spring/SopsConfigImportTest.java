package dev.secrets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/** A real application context importing four sops files (one per store) and a missing optional one. */
@SpringBootTest(classes = TestApp.class, properties = {
    "spring.config.import=sops:" + Fixtures.DIR + "/app.enc.yaml,sops:" + Fixtures.DIR + "/app.enc.json,"
            + "sops:" + Fixtures.DIR + "/app.env.enc,sops:" + Fixtures.DIR + "/app.enc.ini,"
            + "optional:sops:" + Fixtures.DIR + "/absent.enc.yaml",
    "sops.age.key-file=" + Fixtures.DIR + "/keys.txt"
})
class SopsConfigImportTest {
    static {
        Fixtures.write(); // before the context starts
    }

    @Autowired
    ConfigurableEnvironment env;

    @Autowired
    TestApp.Db db;

    @Value("${db.password}")
    String injected;

    @Test
    void yamlBecomesSpringPropertiesWithNestedNamesAndListIndexes() {
        assertEquals("s3cr3t-yaml", env.getProperty("db.password"));
        assertEquals("jdbc:postgresql://db/app", env.getProperty("db.url"));
        assertEquals(7, env.getProperty("db.pool", Integer.class));
        assertEquals("alpha.example", env.getProperty("hosts[0]"));
        assertEquals("beta.example", env.getProperty("hosts[1]"));
        assertEquals(List.of("alpha.example", "beta.example"), Binder.get(env).bind("hosts", Bindable.listOf(String.class)).get());
        assertEquals(Boolean.TRUE, env.getProperty("feature.enabled", Boolean.class));
    }

    @Test
    void valuesReachValueInjectionAndConfigurationProperties() {
        assertEquals("s3cr3t-yaml", injected);
        assertEquals("s3cr3t-yaml", db.getPassword());
        assertEquals(7, db.getPool());
    }

    @Test
    void jsonDotenvAndIniAreReadToo() {
        assertEquals("tok-json", env.getProperty("api.token"));
        assertEquals("write", env.getProperty("api.scopes[1]"));
        assertEquals(3, env.getProperty("retries", Integer.class));
        assertEquals("mail-dotenv", env.getProperty("MAIL_PASSWORD"));
        assertEquals("from-dotenv", env.getProperty("APP_NAME"));
        assertEquals("mailer", env.getProperty("smtp.user"));
        assertEquals("ini-pass", env.getProperty("smtp.password"));
    }

    @Test
    void eachFileIsOnePropertySourceNamedAfterIt_andTheOptionalMissingOneIsSkipped() {
        String yaml = "sops:" + Paths.get(Fixtures.DIR, "app.enc.yaml").toAbsolutePath().normalize();
        PropertySource<?> source = env.getPropertySources().get(yaml);
        assertTrue(source != null, "property source " + yaml);
        assertEquals("s3cr3t-yaml", source.getProperty("db.password"));
        assertNull(source.getProperty("sops.mac"), "sops metadata is not configuration");
        assertNull(env.getProperty("sops.lastmodified"));
        assertFalse(env.getPropertySources().stream().anyMatch(s -> s.getName().contains("absent")));
    }
}
