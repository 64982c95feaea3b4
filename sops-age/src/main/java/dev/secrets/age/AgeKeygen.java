package dev.secrets.age;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A new native age identity, X25519 or (as {@code age-keygen -pq}) post-quantum hybrid, rendered
 * exactly as {@code age-keygen} writes it.
 */
public final class AgeKeygen {
    private final AgeIdentity identity;
    private final String secretKey;

    private AgeKeygen(AgeIdentity identity, String secretKey) {
        this.identity = identity;
        this.secretKey = secretKey;
    }

    /** An X25519 identity, as {@code age-keygen}. */
    public static AgeKeygen generate() {
        byte[] scalar = new byte[32];
        new SecureRandom().nextBytes(scalar);
        X25519Identity id = X25519Identity.fromScalar(scalar);
        return new AgeKeygen(id, id.encoded());
    }

    /** A post-quantum hybrid (ML-KEM-768 + X25519) identity, as {@code age-keygen -pq}. */
    public static AgeKeygen generatePq() {
        HybridIdentity id = HybridIdentity.generate();
        return new AgeKeygen(id, id.encoded());
    }

    /** The recipient, {@code age1…} or {@code age1pq1…}. */
    public String publicKey() {
        return identity.recipient();
    }

    public AgeIdentity identity() {
        return identity;
    }

    /** The {@code AGE-SECRET-KEY-1…} or {@code AGE-SECRET-KEY-PQ-1…} line. */
    String secretKey() {
        return secretKey;
    }

    /**
     * {@code # created: <RFC 3339>\n# public key: age1…\nAGE-SECRET-KEY-1…\n}; the same three lines
     * with {@code age1pq1…} and {@code AGE-SECRET-KEY-PQ-1…} for a post-quantum key.
     */
    public String render(OffsetDateTime created) {
        DateTimeFormatter rfc3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
        return "# created: " + rfc3339.format(created.truncatedTo(ChronoUnit.SECONDS)) + "\n"
                + "# public key: " + publicKey() + "\n"
                + secretKey + "\n";
    }

    /** Rendered with the current local time. */
    public String render() {
        return render(ZonedDateTime.now().toOffsetDateTime());
    }
}
