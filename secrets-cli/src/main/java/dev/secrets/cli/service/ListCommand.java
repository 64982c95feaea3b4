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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code secrets list [SERVICE...] [--json]}: key names and statuses per service; never a value. */
public final class ListCommand extends ContextVerb {
    final List<String> services = new ArrayList<>();
    boolean json;
    final FileOptions files = new FileOptions(ctx);

    /** One service's result: its keys and statuses, or why it could not be opened. */
    record Listed(Services.Service service, Map<String, ValueStatus> keys, String error) {
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
                "holding .env.enc.",
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
                .with(files);
    }

    @Override
    public Integer call() throws IOException {
        Path root = Services.requireRoot(ctx, files.root);
        List<Services.Service> chosen = Services.selected(ctx, root, services);
        Map<String, TreeSet<String>> usedBy = ServiceKeys.usedBy(ctx, Services.all(root), files);
        List<Listed> listed = new ArrayList<>();
        for (Services.Service s : chosen) {
            listed.add(open(s));
        }
        PrintStream out = ctx.out();
        out.print(json ? json(root, listed, usedBy) : table(listed, usedBy));
        out.flush();
        return listed.stream().anyMatch(l -> l.error() != null) ? 1 : 0;
    }

    private Listed open(Services.Service s) {
        try (SopsFile opened = SecretFile.of(ctx, s.encrypted(), files).open(false)) {
            return new Listed(s, ServiceKeys.statuses(opened.decrypted()), null);
        } catch (SopsException e) {
            return new Listed(s, Map.of(), Main.oneLine(e.getMessage()));
        }
    }

    private static List<String> others(Map<String, TreeSet<String>> usedBy, String key, String self) {
        List<String> out = new ArrayList<>(usedBy.getOrDefault(key, new TreeSet<>()));
        out.remove(self);
        return out;
    }

    static String table(List<Listed> listed, Map<String, TreeSet<String>> usedBy) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "KEY", "STATUS", "USED BY"});
        for (Listed l : listed) {
            String name = l.service().name();
            if (l.error() != null) {
                rows.add(new String[] {name, "-", "ERROR", l.error()});
                continue;
            }
            if (l.keys().isEmpty()) {
                rows.add(new String[] {name, "-", "(no keys)", ""});
            }
            for (Map.Entry<String, ValueStatus> e : l.keys().entrySet()) {
                rows.add(new String[] {name, e.getKey(), e.getValue().name(),
                    String.join(",", others(usedBy, e.getKey(), name))});
            }
        }
        int[] width = new int[3];
        for (String[] r : rows) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            String line = String.format("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s",
                    (Object[]) r);
            sb.append(line.stripTrailing()).append('\n');
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
                g.writeStringField("file", Services.display(root, l.service().encrypted()));
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
