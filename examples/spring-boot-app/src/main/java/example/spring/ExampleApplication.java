package example.spring;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Starts, reads db.* from config/secrets.enc.yaml through Spring's configuration, says what it got (never the value). */
@SpringBootApplication
@EnableConfigurationProperties(DatabaseProperties.class)
public class ExampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

    @Bean
    CommandLineRunner report(DatabaseProperties db) {
        return args -> System.out.println("database " + db.getUrl() + " as " + db.getUser()
                + ", password of " + db.getPassword().length() + " characters, replicas " + db.getReplicas());
    }
}
