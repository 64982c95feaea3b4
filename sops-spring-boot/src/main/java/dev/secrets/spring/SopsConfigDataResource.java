package dev.secrets.spring;

import java.nio.file.Path;
import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One sops file named by {@code spring.config.import=sops:PATH}, with the age keys the application
 * configured ({@code sops.age.key-file}, {@code sops.age.key}) when it configured any.
 */
public final class SopsConfigDataResource extends ConfigDataResource {
    private final Path path;
    private final KeySettings keys;

    SopsConfigDataResource(Path path, boolean optional, KeySettings keys) {
        super(optional);
        this.path = path;
        this.keys = keys;
    }

    /** The file, absolute. */
    public Path path() {
        return path;
    }

    KeySettings keys() {
        return keys;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SopsConfigDataResource other && path.equals(other.path) && keys.equals(other.keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, keys);
    }

    /** Names the file only: never a key. */
    @Override
    public String toString() {
        return "sops file " + path;
    }
}
