package dev.secrets.spring;

import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.Sops;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.core.env.MapPropertySource;

/**
 * Decrypts a sops file (YAML, JSON, dotenv or INI, by its name as sops infers it; {@code X.enc} as
 * X), verifies its MAC, and hands its values to Spring as one property source named
 * {@code sops:PATH}, flattened as Spring flattens YAML ({@code db.password}, {@code hosts[0]}).
 * A missing file is Spring's "not found" (ignored for {@code optional:}); a file that does not
 * open fails the start-up with {@link SopsConfigDataException}, naming the file and never a value.
 */
public class SopsConfigDataLoader implements ConfigDataLoader<SopsConfigDataResource> {
    @Override
    public ConfigData load(ConfigDataLoaderContext context, SopsConfigDataResource resource) {
        if (!Files.exists(resource.path())) {
            throw new ConfigDataResourceNotFoundException(resource);
        }
        Map<String, Object> properties;
        try (DecryptedFile file = Sops.open(resource.path(), resource.keys().identities())) {
            properties = SpringNames.flatten(file.toMap());
        } catch (IOException e) {
            throw new SopsConfigDataException(resource, "cannot read it (" + e.getClass().getSimpleName() + ")", null);
        } catch (SopsException e) {
            throw new SopsConfigDataException(resource, e.getMessage(), e);
        } catch (RuntimeException e) {
            // Parser and JDK exceptions can quote the input: only the class is shown.
            throw new SopsConfigDataException(resource, "cannot open it (" + e.getClass().getName() + ")", null);
        }
        return new ConfigData(List.of(new MapPropertySource(SopsConfigDataLocationResolver.PREFIX + resource.path(), properties)));
    }
}
