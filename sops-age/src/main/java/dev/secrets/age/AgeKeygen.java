package dev.secrets.age;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** A new native age identity, rendered exactly as {@code age-keygen} writes it. */
public final class AgeKeygen {
    private final X25519Identity identity;

    private AgeKeygen(X25519Identity identity) {
        this.identity = identity;
    }

    public static AgeKeygen generate() {
        byte[] scalar = new byte[32];
        new SecureRandom().nextBytes(scalar);
        return new AgeKeygen(X25519Identity.fromScalar(scalar));
    }

    /** The recipient, {@code age1…}. */
    public String publicKey() {
        return identity.recipient();
    }

    public X25519Identity identity() {
        return identity;
    }

    /** {@code # created: <RFC 3339>\n# public key: age1…\nAGE-SECRET-KEY-1…\n}. */
    public String render(OffsetDateTime created) {
        DateTimeFormatter rfc3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
        return "# created: " + rfc3339.format(created.truncatedTo(ChronoUnit.SECONDS)) + "\n"
                + "# public key: " + publicKey() + "\n"
                + identity.encoded() + "\n";
    }

    /** Rendered with the current local time. */
    public String render() {
        return render(ZonedDateTime.now().toOffsetDateTime());
    }
}
