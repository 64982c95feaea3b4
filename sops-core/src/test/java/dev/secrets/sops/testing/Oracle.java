package dev.secrets.sops.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.Comment;
import dev.secrets.sops.internal.GoValues;
import dev.secrets.sops.tree.RawString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the independent checker {@code ../shared/tools/sops_oracle.py} and compares what it decrypts
 * with what we decrypt, in a neutral form: maps, lists, strings, BigDecimal numbers, booleans, null;
 * map comments dropped, list comments as {@code ["#comment", text]} (how the oracle prints them).
 */
public final class Oracle {
    private Oracle() {
    }

    /** The oracle's result: exit code, stderr, and the parsed plaintext (null unless it verified). */
    public record Result(int exitCode, String stderr, Object plaintext, String dataKeyHex) {
    }

    /**
     * Results by (file content, type, key arguments): the oracle's answer does not depend on our
     * code, and mutation testing re-runs the same tests once per mutant in one JVM.
     */
    private static final java.util.Map<String, Result> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    public static Result run(Path file, String type, String... keyArgs) {
        StringBuilder key = new StringBuilder(type);
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            key.append('\0').append(java.util.HexFormat.of().formatHex(sha.digest(java.nio.file.Files.readAllBytes(file))));
            for (String arg : keyArgs) {
                key.append('\0').append(arg);
                Path p = Path.of(arg);
                if (java.nio.file.Files.isRegularFile(p)) { // a key file: its content counts, not its name
                    key.append('=').append(java.util.HexFormat.of().formatHex(sha.digest(java.nio.file.Files.readAllBytes(p))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return CACHE.computeIfAbsent(key.toString(), k -> runOracle(k, file, type, keyArgs));
    }

    /**
     * With {@code -Doracle.cacheDir=DIR} (the mutation profile sets it) answers are kept on disk too:
     * PIT starts a new JVM after every mutant that timed out, and each would ask python again.
     */
    private static Result runOracle(String key, Path file, String type, String... keyArgs) {
        try {
            String dir = System.getProperty("oracle.cacheDir");
            Path cached = dir == null ? null : Path.of(dir, java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
            if (cached != null && java.nio.file.Files.isRegularFile(cached)) {
                List<String> lines = java.nio.file.Files.readAllLines(cached, StandardCharsets.UTF_8);
                java.util.Base64.Decoder b64 = java.util.Base64.getDecoder();
                return result(Integer.parseInt(lines.get(0)), b64.decode(lines.get(1)), new String(b64.decode(lines.get(2)), StandardCharsets.UTF_8));
            }
            List<String> cmd = new ArrayList<>(List.of(SharedTestData.oraclePython(), SharedTestData.oracle().toString(),
                    file.toString(), "--type", type, "--print-json", "--print-data-key"));
            cmd.addAll(List.of(keyArgs));
            Process p = new ProcessBuilder(cmd).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (cached != null) {
                java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
                java.nio.file.Files.createDirectories(cached.getParent());
                Path tmp = java.nio.file.Files.createTempFile(cached.getParent(), "oracle", ".tmp");
                java.nio.file.Files.writeString(tmp, code + "\n" + b64.encodeToString(out) + "\n"
                        + b64.encodeToString(err.getBytes(StandardCharsets.UTF_8)) + "\n");
                java.nio.file.Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return result(code, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result result(int code, byte[] out, String err) throws IOException {
        if (code != 0) {
            return new Result(code, err, null, null);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return new Result(code, err, parse(text.substring(nl + 1)), text.substring(0, nl).trim());
    }

    static Object parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            return read(p);
        }
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, read(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new BigDecimal(p.getText()).stripTrailingZeros();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            default:
                return null;
        }
    }

    /** Our documents in the oracle's form (one document unwrapped, as the oracle prints it). */
    public static Object neutral(List<Branch> documents) {
        if (documents.size() == 1) {
            return neutral(documents.get(0));
        }
        List<Object> out = new ArrayList<>();
        documents.forEach(d -> out.add(neutral(d)));
        return out;
    }

    public static Object neutral(Object v) {
        if (v instanceof Branch b) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Branch.Item item : b) {
                if (item.key() instanceof String k) {
                    m.put(k, neutral(item.value()));
                }
            }
            return m;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object e : list) {
                out.add(e instanceof Comment c ? List.of("#comment", c.text()) : neutral(e));
            }
            return out;
        }
        if (v instanceof Long l) {
            return new BigDecimal(l).stripTrailingZeros();
        }
        if (v instanceof Double d) {
            return new BigDecimal(GoValues.formatFloat(d)).stripTrailingZeros();
        }
        if (v instanceof OffsetDateTime t) {
            return GoValues.formatTime(t);
        }
        if (v instanceof RawString r) {
            return new String(r.bytes(), StandardCharsets.UTF_8);
        }
        return v;
    }
}
