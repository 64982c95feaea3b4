package dev.secrets.sops.internal;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The {@code lastmodified} timestamp: written as UTC seconds, and reformatted as sops does before use as AAD. */
public final class LastModified {
    private LastModified() {
    }

    /** Now, as sops writes it: {@code time.Now().UTC().Format(time.RFC3339)}. */
    public static String now() {
        return format(OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    /** sops parses the stored text and formats it again as RFC 3339 (no fraction; Z for a zero offset). */
    public static String canonical(String stored) {
        try {
            return format(OffsetDateTime.parse(stored.trim()));
        } catch (DateTimeParseException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "sops metadata: lastmodified is not an RFC 3339 time");
        }
    }

    static String format(OffsetDateTime t) {
        return GoValues.formatRfc3339(t);
    }
}
