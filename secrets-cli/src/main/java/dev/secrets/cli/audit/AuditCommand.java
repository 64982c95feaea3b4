package dev.secrets.cli.audit;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code secrets audit [--since DATE|DURATION] [--json] [--verify]}: prints the audit log, or checks its chain. */
public final class AuditCommand extends ContextVerb {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhdw])");
    String since;
    boolean verify;
    boolean json;

    public AuditCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("audit",
                "Print the audit log (one line per decrypt, deploy, down, exec-env, exec-file, edit, set, unset,",
                "rotate and updatekeys: time, user@host, verb, service or file, outcome, keys; never a value),",
                "or check that no line was changed or removed (--verify: exit 1 naming the first bad line).",
                "The log: SECRETS_AUDIT_LOG, else $XDG_STATE_HOME/secrets/audit.log, else ~/.local/state/secrets/audit.log.")
                .option("--since", "WHEN", "only records from then on: a date (2026-12-01), a time (2026-12-01T10:00:00Z), "
                        + "or a duration back from now (30m, 12h, 7d, 2w)", v -> since = v)
                .flag("--json", "print the log's JSON lines as they are", () -> json = true)
                .flag("--verify", "check the hash chain of the whole log", () -> verify = true);
    }

    @Override
    public Integer call() throws IOException {
        AuditLog log = AuditLog.of(ctx);
        Instant from = since == null ? null : parseSince(since, Instant.now());
        PrintStream out = ctx.out();
        if (verify) {
            AuditLog.Verdict v = log.verify();
            if (!v.intact()) {
                ctx.err().println("secrets: audit log " + log.file + ": line " + v.badLine() + ": " + v.problem()
                        + " (" + v.records() + " records before it are intact)");
                return 1;
            }
            out.println("audit log " + log.file + ": " + v.records() + " records, chain intact");
            return 0;
        }
        List<byte[]> lines = log.lines();
        for (int i = 0; i < lines.size(); i++) {
            AuditRecord r;
            try {
                r = AuditRecordParser.parse(lines.get(i));
            } catch (IOException e) {
                out.println("line " + (i + 1) + ": not an audit record (secrets audit --verify)");
                continue;
            }
            if (from != null && (r.time == null || parseTime(r.time).isBefore(from))) {
                continue;
            }
            if (json) {
                out.println(new String(lines.get(i), StandardCharsets.UTF_8));
            } else {
                out.println(r.time + "  " + r.user + "@" + r.host + "  " + r.verb + "  "
                        + (r.service != null ? r.service + " (" + r.file + ")" : r.file) + "  " + r.outcome
                        + (r.exit != null && r.exit != 0 ? " (exit " + r.exit + ")" : "")
                        + (r.keys.isEmpty() ? "" : "  keys: " + String.join(", ", r.keys)));
            }
        }
        return 0;
    }

    /** A date (midnight UTC), an instant, or a duration back from {@code now}. */
    static Instant parseSince(String text, Instant now) {
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return parseTime(text);
            } catch (DateTimeParseException e) {
                throw new UsageException("--since: '" + text + "' is not a date (2026-12-01), a time (2026-12-01T10:00:00Z) "
                        + "or a duration (30m, 12h, 7d, 2w)");
            }
        }
    }

    private static Instant parseTime(String text) {
        return java.time.OffsetDateTime.parse(text).toInstant();
    }
}
