package dev.secrets.spring;

import java.nio.file.Path;
import org.springframework.boot.context.config.ConfigDataException;

/** A sops file named in {@code spring.config.import} that exists but does not open. */
public class SopsConfigDataException extends ConfigDataException {
    private final transient Path path;
    private final String reason;

    /** @param cause kept only when its message holds no file content (sops' own errors) */
    SopsConfigDataException(SopsConfigDataResource resource, String reason, Throwable cause) {
        super("sops file " + resource.path() + ": " + reason, cause);
        this.path = resource.path();
        this.reason = reason;
    }

    /** The file that did not open. */
    public Path path() {
        return path;
    }

    /** Why, in sops' words; never a value. */
    public String reason() {
        return reason;
    }
}
