package dev.secrets.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The smallest Spring Boot application: no auto-configuration, one bound properties class. */
@SpringBootConfiguration
@EnableConfigurationProperties(TestApp.Db.class)
class TestApp {
    @ConfigurationProperties("db")
    static class Db {
        private String url;
        private String password;
        private int pool;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public int getPool() {
            return pool;
        }

        public void setPool(int pool) {
            this.pool = pool;
        }
    }
}
