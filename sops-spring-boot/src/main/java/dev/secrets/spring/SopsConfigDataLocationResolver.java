package dev.secrets.spring;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Resolves {@code sops:PATH} (and {@code optional:sops:PATH}) in {@code spring.config.import}. A
 * relative PATH is taken from the working directory, as Spring's {@code file:} locations are.
 * Registered in {@code META-INF/spring.factories}.
 */
public class SopsConfigDataLocationResolver implements ConfigDataLocationResolver<SopsConfigDataResource> {
    static final String PREFIX = "sops:";

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<SopsConfigDataResource> resolve(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        String value = location.getNonPrefixedValue(PREFIX).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("spring.config.import '" + location + "': no file after 'sops:'");
        }
        Path path = Paths.get(value).toAbsolutePath().normalize();
        return List.of(new SopsConfigDataResource(path, location.isOptional(), keySettings(context.getBinder())));
    }

    private static KeySettings keySettings(Binder binder) {
        String keyFile = binder.bind(KeySettings.KEY_FILE_PROPERTY, String.class).orElse(null);
        String key = binder.bind(KeySettings.KEY_PROPERTY, String.class).orElse(null);
        Path file = keyFile == null || keyFile.isBlank() ? null : Paths.get(keyFile.trim()).toAbsolutePath().normalize();
        return new KeySettings(file, key);
    }
}
