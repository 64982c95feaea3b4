package dev.secrets.cli.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.Main;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Services;
import dev.secrets.cli.Syntax;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code secrets list [SERVICE...] [--json]}: key names and statuses per service; never a value. */
public final class ListCommand extends ContextVerb {
    final List<String> services = new ArrayList<>();
    boolean json;
    String olderThan;
    final FileOptions files = new FileOptions(ctx);

    /**
     * One scope file's result (a service's .env.enc, an overlay, the shared scope): its keys,
     * statuses and when each value last changed, or why it could not be opened.
     */
    record Listed(Services.Service service, String scope, Path file, Map<String, ValueStatus> keys,
                  Map<String, Instant> changed, String error) {
    }

    public ListCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("list",
                "List each service's secret keys (names only, never values) with a",
                "status: OK, EMPTY, or PLACEHOLDER (CHANGE_ME, changeme, TODO, xxx, <...>,",
                "replace-me ...), and for keys present in several services, the other",
                "services using them. Without SERVICE: every folder under the repo root",
                "holding .env.enc. Each key's SCOPE: service, shared (_shared/.env.enc) or",
                "env:ENV (the overlay SERVICE/ENV.env.enc). CHANGED: when its value last",
                "changed (the newest git commit that wrote its current ciphertext line, else",
                "the file's sops lastmodified), with its age in days.",
                "--older-than AGE (90d, 12w, 48h) lists only the values older than AGE and",
                "exits 1 when there is any (for a scheduled renewal check).",
                "",
                "--json prints one object (schema version 1):",
                "  {\"version\":1,\"root\":\"/abs/repo\",",
                "   \"services\":[{\"name\":\"caddy\",\"file\":\"caddy/.env.enc\",",
                "     \"keys\":[{\"name\":\"ADMIN_PASS\",",
                "               \"status\":\"OK|EMPTY|PLACEHOLDER\",\"usedBy\":[\"n8n\"]}],",
                "     \"error\":null}]}",
                "usedBy: the OTHER services holding the same key name (empty when none).",
                "A service that cannot be opened has \"keys\":[] and \"error\":\"message\".",
                "Exit 0 when every listed service opened, 1 otherwise.")
                .parameters("SERVICE", "service folders or names (default: all)", 0, services::add)
                .flag("--json", "machine-readable output (schema above)", () -> json = true)
                .option("--older-than", "AGE", "only values unchanged for longer than AGE (Nd, Nw, Nh); exit 1 if any", v -> olderThan = v)
                .with(files);
    }

    @Override
    public Integer call() throws IOException {
        Path root = Services.requireRoot(ctx, files.root);
        List<Services.Service> chosen = Services.selected(ctx, root, services);
        Map<String, TreeSet<String>> usedBy = ServiceKeys.usedBy(ctx, Services.all(root), files);
        Instant due = olderThan == null ? null : Instant.now().minus(AgeOption.parse(olderThan));
        List<Listed> listed = new ArrayList<>();
        boolean anyDue = false;
        for (KeyHolders.ScopeFile f : KeyHolders.files(root, chosen)) {
            Listed l = open(f);
            if (due != null) {
                l = onlyDue(l, due);
                anyDue |= !l.keys().isEmpty();
                if (l.keys().isEmpty() && l.error() == null) {
                    continue;
                }
            }
            listed.add(l);
        }
        PrintStream out = ctx.out();
        out.print(json ? json(root, listed, usedBy) : table(listed, usedBy));
        out.flush();
        return listed.stream().anyMatch(l -> l.error() != null) || anyDue ? 1 : 0;
    }

    private Listed open(KeyHolders.ScopeFile f) {
        String scope = f.environment() != null ? "env:" + f.environment() : f.scope().label();
        SecretFile secret = SecretFile.of(ctx, f.file(), files);
        try (SopsFile opened = secret.open(false)) {
            return new Listed(f.service(), scope, f.file(), ServiceKeys.statuses(opened.decrypted()),
                    SecretAge.of(ctx, f.file(), secret.store), null);
        } catch (SopsException e) {
            return new Listed(f.service(), scope, f.file(), Map.of(), Map.of(), Main.oneLine(e.getMessage()));
        }
    }

    /** The keys whose value is older than {@code due} (an unknown age counts as due). */
    private static Listed onlyDue(Listed l, Instant due) {
        Map<String, ValueStatus> keys = new LinkedHashMap<>();
        l.keys().forEach((k, v) -> {
            Instant changed = l.changed().get(k);
            if (changed == null || changed.isBefore(due)) {
                keys.put(k, v);
            }
        });
        return new Listed(l.service(), l.scope(), l.file(), keys, l.changed(), l.error());
    }

    /** {@code 2026-11-25 (7d)}: the UTC day and the age in whole days; {@code -} when unknown. */
    static String changed(Instant when, Instant now) {
        if (when == null) {
            return "-";
        }
        return DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(when) + " ("
                + Duration.between(when, now).toDays() + "d)";
    }

    private static List<String> others(Map<String, TreeSet<String>> usedBy, String key, String self) {
        List<String> out = new ArrayList<>(usedBy.getOrDefault(key, new TreeSet<>()));
        out.remove(self);
        return out;
    }

    static String table(List<Listed> listed, Map<String, TreeSet<String>> usedBy) {
        Instant now = Instant.now();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "KEY", "STATUS", "SCOPE", "CHANGED", "USED BY"});
        for (Listed l : listed) {
            String name = l.service().name();
            if (l.error() != null) {
                rows.add(new String[] {name, "-", "ERROR", l.scope(), "-", l.error()});
                continue;
            }
            if (l.keys().isEmpty()) {
                rows.add(new String[] {name, "-", "(no keys)", l.scope(), "-", ""});
            }
            for (Map.Entry<String, ValueStatus> e : l.keys().entrySet()) {
                rows.add(new String[] {name, e.getKey(), e.getValue().name(), l.scope(),
                    changed(l.changed().get(e.getKey()), now), String.join(",", others(usedBy, e.getKey(), name))});
            }
        }
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(r[i]).append(" ".repeat(width[i] - r[i].length() + 2));
            }
            sb.append(line.append(r[5]).toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String json(Path root, List<Listed> listed, Map<String, TreeSet<String>> usedBy) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeStringField("root", root.toString());
            g.writeArrayFieldStart("services");
            for (Listed l : listed) {
                String name = l.service().name();
                g.writeStartObject();
                g.writeStringField("name", name);
                g.writeStringField("file", Services.display(root, l.file()));
                g.writeArrayFieldStart("keys");
                for (Map.Entry<String, ValueStatus> e : l.keys().entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("name", e.getKey());
                    g.writeStringField("status", e.getValue().name());
                    g.writeArrayFieldStart("usedBy");
                    for (String other : others(usedBy, e.getKey(), name)) {
                        g.writeString(other);
                    }
                    g.writeEndArray();
                    g.writeStringField("scope", l.scope());
                    g.writeStringField("file", Services.display(root, l.file()));
                    Instant changed = l.changed().get(e.getKey());
                    if (changed == null) {
                        g.writeNullField("changed");
                    } else {
                        g.writeStringField("changed", DateTimeFormatter.ISO_INSTANT.format(changed));
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (l.error() == null) {
                    g.writeNullField("error");
                } else {
                    g.writeStringField("error", l.error());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w + "\n";
    }
}
