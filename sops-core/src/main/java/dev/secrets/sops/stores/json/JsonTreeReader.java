package dev.secrets.sops.stores.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.Store;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON document into a Branch as sops' token-stream decoder does: key order and duplicate keys
 * kept, integers that fit int64 as Long (3.13.2), other numbers as Double, data after the top-level
 * object ignored. Error messages carry a position, never file content.
 */
final class JsonTreeReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNestingDepth(Store.MAX_DEPTH) // Go's decoder allows 10000: see Store.MAX_DEPTH
                    .build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES) // keys of arbitrary files need no interning
            .build();

    private JsonTreeReader() {
    }

    /** Parses the top-level object; errors get the given exit code. */
    static Branch read(byte[] bytes, int exitCode) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SopsException(exitCode, "Could not unmarshal input data: EOF");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new SopsException(exitCode, notAnObject(first));
            }
            return readObject(parser, exitCode);
        } catch (StreamConstraintsException e) {
            throw new SopsException(exitCode, "Could not unmarshal input data: exceeded max depth of " + Store.MAX_DEPTH);
        } catch (JsonProcessingException e) {
            throw new SopsException(exitCode, "Could not unmarshal input data: invalid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new SopsException(exitCode, "Could not unmarshal input data: " + e.getClass().getSimpleName());
        }
    }

    private static String notAnObject(JsonToken token) {
        String start = "Could not unmarshal input data: SOPS only supports JSON files with a top-level object"
                + " (starting with '{'), not ";
        if (token == JsonToken.START_ARRAY) {
            return start + "arrays or other types. Got delimiter [ instead. To encrypt this file, wrap it in an"
                    + " object, e.g., {\"data\": [...]}";
        }
        // sops prints the value here; we name only its kind, since it may be a secret
        return start + "other JSON types. Got a value of type " + goType(token) + " instead";
    }

    private static String goType(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT -> "int";
            case VALUE_NUMBER_FLOAT -> "float64";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case VALUE_NULL -> "<nil>";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static Branch readObject(JsonParser parser, int exitCode) throws IOException {
        Branch branch = new Branch();
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_OBJECT) {
                return branch;
            }
            if (token != JsonToken.FIELD_NAME) {
                throw new SopsException(exitCode, "Could not unmarshal input data: invalid JSON"
                        + where(parser.currentLocation()));
            }
            String key = parser.currentName();
            parser.nextToken();
            branch.add(key, readValue(parser, exitCode));
        }
    }

    private static List<Object> readArray(JsonParser parser, int exitCode) throws IOException {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue(parser, exitCode));
        }
        return list;
    }

    private static Object readValue(JsonParser parser, int exitCode) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new SopsException(exitCode, "Could not unmarshal input data: unexpected EOF");
        }
        switch (token) {
            case START_OBJECT:
                return readObject(parser, exitCode);
            case START_ARRAY:
                return readArray(parser, exitCode);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
                JsonParser.NumberType type = parser.getNumberType();
                if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                    return parser.getLongValue();
                }
                return finite(Double.parseDouble(parser.getText()), parser, exitCode);
            case VALUE_NUMBER_FLOAT:
                return finite(Double.parseDouble(parser.getText()), parser, exitCode);
            default:
                throw new SopsException(exitCode, "Could not unmarshal input data: invalid JSON"
                        + where(parser.currentLocation()));
        }
    }

    /** Go's ParseFloat refuses numbers out of the float64 range. */
    private static Double finite(double d, JsonParser parser, int exitCode) {
        if (Double.isInfinite(d)) {
            throw new SopsException(exitCode, "Could not unmarshal input data: number out of range"
                    + where(parser.currentLocation()));
        }
        return d;
    }
}
