package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.Scopes;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Services;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.tree.Branch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every scope file of a repo (the shared scope, each service's {@code .env.enc} and its overlays)
 * and the key names it holds, read without decrypting (dotenv keys are stored in the clear).
 */
final class KeyHolders {
    /** One scope file: the service it belongs to ({@code _shared} for the shared scope) and its scope. */
    record ScopeFile(Services.Service service, Path file, Scopes.Scope scope, String environment) {
        /** A name for messages: the service, with the environment for an overlay. Never a value. */
        String label() {
            return environment == null ? service.name() : service.name() + " (" + environment + ")";
        }
    }

    private KeyHolders() {
    }

    /** The scope files of the given services (each service's .env.enc, then its overlays). */
    static List<ScopeFile> files(Path root, List<Services.Service> services) {
        List<ScopeFile> out = new ArrayList<>();
        for (Services.Service s : services) {
            boolean shared = Scopes.isShared(root, s.dir());
            out.add(new ScopeFile(s, s.encrypted(), shared ? Scopes.Scope.SHARED : Scopes.Scope.SERVICE, null));
            if (!shared) {
                for (Path overlay : Scopes.overlays(s.dir())) {
                    out.add(new ScopeFile(s, overlay, Scopes.Scope.ENVIRONMENT, Scopes.environmentOf(overlay)));
                }
            }
        }
        return out;
    }

    /** Top-level key names of an encrypted file without opening it; a file that does not parse is an error naming it. */
    static List<String> names(Context ctx, Path file, FileOptions options) {
        SecretFile f = SecretFile.of(ctx, file, options);
        List<String> names = new ArrayList<>();
        try {
            for (Branch.Item item : f.store.loadEncrypted(AtomicFile.read(file)).documents().get(0)) {
                if (!item.isComment()) {
                    names.add(item.key().toString());
                }
            }
        } catch (SopsException e) {
            throw e.withFile(file);
        } catch (RuntimeException e) {
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, file + ": does not parse ("
                    + e.getClass().getSimpleName() + ")");
        }
        return names;
    }
}
