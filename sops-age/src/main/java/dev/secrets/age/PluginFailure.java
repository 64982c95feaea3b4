package dev.secrets.age;

import java.security.GeneralSecurityException;

/**
 * A plugin identity could not answer (not started, reported an error, a question left
 * unanswered). Kept by {@link AnyIdentityReader} like a corrupt stanza, so another identity may
 * still open the entry; reported with its own message (exit 128) when none does.
 */
final class PluginFailure extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    PluginFailure(String message) {
        super(message);
    }
}
