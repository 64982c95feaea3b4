package dev.secrets.cli.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the audit log: who did what to which encrypted file, and how it ended. Names only,
 * never a value. {@code seq} counts lines from 1 and {@code prev} is the SHA-256 of the line before
 * (64 zeros for the first), which {@link AuditLog} fills in when it appends.
 */
public final class AuditRecord {
    static final JsonFactory JSON = new JsonFactory();

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

    /** The record as one JSON line, without the newline; fields in a fixed order. */
    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", seq);
            g.writeStringField("time", time);
            g.writeStringField("user", user);
            g.writeStringField("host", host);
            g.writeStringField("verb", verb);
            if (service != null) {
                g.writeStringField("service", service);
            }
            g.writeStringField("file", file);
            g.writeArrayFieldStart("keys");
            for (String k : keys) {
                g.writeString(k);
            }
            g.writeEndArray();
            g.writeStringField("outcome", outcome);
            if (exit != null) {
                g.writeNumberField("exit", exit);
            }
            g.writeStringField("sha256", sha256);
            if (sha256Written != null) {
                g.writeStringField("sha256_written", sha256Written);
            }
            g.writeStringField("prev", prev);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads a line back; IOException (jackson's JsonParseException among them) when it is not one of ours. */
    static AuditRecord parse(byte[] line) throws IOException {
        AuditRecord r = new AuditRecord();
        boolean seqSeen = false;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "seq" -> {
                        r.seq = p.getLongValue();
                        seqSeen = true;
                    }
                    case "time" -> r.time = p.getValueAsString();
                    case "user" -> r.user = p.getValueAsString();
                    case "host" -> r.host = p.getValueAsString();
                    case "verb" -> r.verb = p.getValueAsString();
                    case "service" -> r.service = p.getValueAsString();
                    case "file" -> r.file = p.getValueAsString();
                    case "outcome" -> r.outcome = p.getValueAsString();
                    case "exit" -> r.exit = t == JsonToken.VALUE_NULL ? null : p.getIntValue();
                    case "sha256" -> r.sha256 = p.getValueAsString();
                    case "sha256_written" -> r.sha256Written = p.getValueAsString();
                    case "prev" -> r.prev = p.getValueAsString();
                    case "keys" -> {
                        List<String> keys = new ArrayList<>();
                        if (t != JsonToken.START_ARRAY) {
                            throw new IOException("keys is not a list");
                        }
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            keys.add(p.getText());
                        }
                        r.keys = keys;
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("text after the record");
            }
        }
        if (!seqSeen || r.prev == null || r.time == null) {
            throw new IOException("seq, time or prev missing");
        }
        return r;
    }
}
