package dev.secrets.cli.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads audit lines back with jackson's parser (secrets audit, and the last line's number when
 * appending after a line that is not one of ours). A class of its own, so writing a line never loads Jackson.
 */
final class AuditRecordParser {
    private static final JsonFactory FACTORY = new JsonFactory();

    private AuditRecordParser() {
    }

    /** Reads a line back; IOException (jackson's JsonParseException among them) when it is not one of ours. */
    static AuditRecord parse(byte[] line) throws IOException {
        AuditRecord r = new AuditRecord();
        boolean seqSeen = false;
        try (JsonParser p = FACTORY.createParser(line)) {
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
