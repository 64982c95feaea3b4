package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.Scopes;
import dev.secrets.cli.Services;
import dev.secrets.sops.SopsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * validate's warning for a key defined in two scopes of a service (shared and service, service and
 * an overlay, shared and an overlay): legal, the later scope wins, but often a leftover.
 */
final class ScopeOverlap {
    private ScopeOverlap() {
    }

    static List<Finding> check(Context ctx, FileOptions files, Path root, Services.Service s) {
        List<Finding> out = new ArrayList<>();
        if (Scopes.isShared(root, s.dir())) {
            return out;
        }
        Path shared = Scopes.sharedFile(root);
        List<String> sharedKeys = Files.isRegularFile(shared) ? namesOrEmpty(ctx, files, shared) : List.of();
        List<String> serviceKeys = namesOrEmpty(ctx, files, s.encrypted());
        String serviceName = Services.display(root, s.encrypted());
        for (String k : serviceKeys) {
            if (sharedKeys.contains(k)) {
                out.add(Finding.warning(serviceName, k + " is also in the shared scope (" + Services.display(root, shared)
                        + "): the service's value wins"));
            }
        }
        for (Path overlay : Scopes.overlays(s.dir())) {
            String env = Scopes.environmentOf(overlay);
            for (String k : namesOrEmpty(ctx, files, overlay)) {
                if (serviceKeys.contains(k) || sharedKeys.contains(k)) {
                    out.add(Finding.warning(Services.display(root, overlay), k + " is also in the "
                            + (serviceKeys.contains(k) ? "service" : "shared") + " scope: the " + env + " overlay's value wins"));
                }
            }
        }
        return out;
    }

    /** A file that does not parse has no keys here: the open check reports it. */
    private static List<String> namesOrEmpty(Context ctx, FileOptions files, Path file) {
        try {
            return KeyHolders.names(ctx, file, files);
        } catch (SopsException e) {
            return List.of();
        }
    }
}
