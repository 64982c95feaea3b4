/**
 * Spring Boot config data for sops files: {@code spring.config.import=sops:secrets.enc.yaml} (or
 * {@code optional:sops:…}) decrypts the file at start-up, verifies its MAC, and exposes its values
 * as properties ({@code db.password}, {@code hosts[0]}). Keys: {@code sops.age.key-file} and
 * {@code sops.age.key}, else sops' own key discovery.
 */
package dev.secrets.spring;
