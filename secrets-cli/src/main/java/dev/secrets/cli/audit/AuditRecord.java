package dev.secrets.cli.audit;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One line of the audit log: who did what to which encrypted file, and how it ended. Names only,
 * never a value. {@code seq} counts lines from 1 and {@code prev} is the SHA-256 of the line before
 * (64 zeros for the first), which {@link AuditLog} fills in when it appends.
 */
public final class AuditRecord {
    public String time;
    public String user;
    public String host;
    public String verb;
    public String service;
    public String file;
    public List<String> keys = List.of();
    public String outcome;
    public Integer exit;
    /** SHA-256 (hex) of the encrypted file as the verb read it. */
    public String sha256;
    /** SHA-256 (hex) of the encrypted file the verb wrote, when it changed it. */
    public String sha256Written;
    public long seq;
    public String prev;

    /**
     * The record as one JSON line, without the newline; fields in a fixed order. Written by hand, not
     * with jackson's generator: every audited verb writes a line, and loading Jackson cost the
     * everyday verbs start-up time that StartupPathTest keeps off their path. Reading ({@link AuditRecordParser},
     * for {@code secrets audit}) uses jackson's parser; AuditRecordTest checks that it reads back
     * what this writes, control characters and all.
     */
    byte[] toJson() {
        StringBuilder b = new StringBuilder(256).append("{\"seq\":").append(seq);
        field(b, "time", time);
        field(b, "user", user);
        field(b, "host", host);
        field(b, "verb", verb);
        if (service != null) {
            field(b, "service", service);
        }
        field(b, "file", file);
        b.append(",\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            quote(i == 0 ? b : b.append(','), keys.get(i));
        }
        b.append(']');
        field(b, "outcome", outcome);
        if (exit != null) {
            b.append(",\"exit\":").append(exit.intValue());
        }
        field(b, "sha256", sha256);
        if (sha256Written != null) {
            field(b, "sha256_written", sha256Written);
        }
        field(b, "prev", prev);
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":");
        if (value == null) {
            b.append("null");
        } else {
            quote(b, value);
        }
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped, the rest as it is (UTF-8). */
    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
