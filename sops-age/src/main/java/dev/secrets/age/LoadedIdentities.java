package dev.secrets.age;

import java.util.List;

/**
 * What identity discovery found: the identities (SSH ones first), the sources they came from, the
 * errors met on the way (kept, and reported only when nothing opens the data key) and the
 * locations that were looked at but held nothing. {@code origins} names, for each identity at the
 * same index, where it came from (for the diagnosis when no key opens a file).
 */
public record LoadedIdentities(List<AgeIdentity> identities, List<String> sources, List<String> errors,
                               List<String> unusedLocations, List<String> origins) {
    public LoadedIdentities {
        identities = List.copyOf(identities);
        sources = List.copyOf(sources);
        errors = List.copyOf(errors);
        unusedLocations = List.copyOf(unusedLocations);
        origins = List.copyOf(origins);
        if (origins.size() != identities.size()) {
            throw new IllegalArgumentException("one origin per identity");
        }
    }

    /** Identities that all came from the one source (or from the sources, when they are not told apart). */
    public LoadedIdentities(List<AgeIdentity> identities, List<String> sources, List<String> errors,
                            List<String> unusedLocations) {
        this(identities, sources, errors, unusedLocations,
                java.util.Collections.nCopies(identities.size(), String.join(", ", sources)));
    }

    /** sops' message (age/keysource.go formatError): {@code <msg>[: <cause>]. Errors while loading …. Did not find keys in locations …}. */
    public String failureMessage(String message, String cause) {
        StringBuilder b = new StringBuilder(message);
        if (cause != null) {
            b.append(": ").append(cause);
        }
        if (!errors.isEmpty()) {
            b.append(". Errors while loading age identities: ").append(String.join("; ", errors));
        }
        int n = unusedLocations.size();
        if (n > 0) {
            b.append(". Did not find keys in location");
            if (n == 1) {
                b.append(" '").append(unusedLocations.get(0)).append('\'');
            } else if (n == 2) {
                b.append("s '").append(unusedLocations.get(0)).append("' and '").append(unusedLocations.get(1)).append('\'');
            } else {
                b.append("s '").append(String.join("', '", unusedLocations.subList(0, n - 1)))
                        .append("', and '").append(unusedLocations.get(n - 1)).append('\'');
            }
            b.append('.');
        }
        return b.toString();
    }
}
