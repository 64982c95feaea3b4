package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Services;
import dev.secrets.sops.DecryptedFile;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.tree.Branch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Key names and value statuses of services' secrets; values never leave this class. */
final class ServiceKeys {
    private ServiceKeys() {
    }

    /** Each top-level key of the decrypted file and its status, in file order. */
    static Map<String, ValueStatus> statuses(DecryptedFile opened) {
        Map<String, ValueStatus> out = new LinkedHashMap<>();
        for (Branch.Item item : opened.documents().get(0)) {
            if (!item.isComment()) {
                out.put(item.key().toString(), ValueStatus.of(item.value()));
            }
        }
        return out;
    }

    /**
     * Key names of a service read from the encrypted file without decrypting (dotenv keys are stored
     * in the clear), so "used by" covers services whose keys we do not hold.
     */
    static List<String> namesWithoutKey(Context ctx, Services.Service service, FileOptions options) {
        SecretFile file = SecretFile.of(ctx, service.encrypted(), options);
        List<String> names = new ArrayList<>();
        try {
            if (file.format != Format.DOTENV && file.format != Format.YAML && file.format != Format.JSON) {
                return names;
            }
            for (Branch.Item item : file.store.loadEncrypted(AtomicFile.read(service.encrypted())).documents().get(0)) {
                if (!item.isComment()) {
                    names.add(item.key().toString());
                }
            }
        } catch (SopsException | IndexOutOfBoundsException e) {
            // an unreadable file has no names to share; list/validate report it when they open it
        }
        return names;
    }

    /** For each key name held by two or more services: the services holding it, sorted. */
    static Map<String, TreeSet<String>> usedBy(Context ctx, List<Services.Service> services, FileOptions options) {
        Map<String, TreeSet<String>> holders = new TreeMap<>();
        for (Services.Service s : services) {
            for (String key : namesWithoutKey(ctx, s, options)) {
                holders.computeIfAbsent(key, k -> new TreeSet<>()).add(s.name());
            }
        }
        holders.values().removeIf(set -> set.size() < 2);
        return holders;
    }
}
