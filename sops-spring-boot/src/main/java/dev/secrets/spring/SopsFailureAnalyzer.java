package dev.secrets.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up failure report for a sops file that does not open: the file, the reason, what to check. */
public class SopsFailureAnalyzer extends AbstractFailureAnalyzer<SopsConfigDataException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SopsConfigDataException cause) {
        return new FailureAnalysis(
                "The sops file " + cause.path() + " named in spring.config.import did not open: " + cause.reason(),
                "Check that one of its age recipients' keys is available: sops.age.key-file or sops.age.key, "
                        + "else SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD or ~/.config/sops/age/keys.txt. "
                        + "Use optional:sops:PATH for a file that may be absent.",
                cause);
    }
}
