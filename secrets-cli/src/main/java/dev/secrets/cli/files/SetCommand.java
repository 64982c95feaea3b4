package dev.secrets.cli.files;

import dev.secrets.cli.Context;
import dev.secrets.cli.ContextVerb;
import dev.secrets.cli.FileOptions;
import dev.secrets.cli.SecretFile;
import dev.secrets.cli.Syntax;
import dev.secrets.cli.Target;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Stores;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.TreePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code secrets set SERVICE|FILE KEY [JSON]}: changes one value in place, with no plaintext on disk.
 * The value is a JSON value (as {@code sops set}), or a raw string from {@code --value} or stdin.
 */
public final class SetCommand extends ContextVerb {
    String target;
    String key;
    String json;
    String value;
    boolean valueFile;
    boolean valueStdin;
    boolean idempotent;
    boolean ignoreMac;
    final FileOptions files = new FileOptions(ctx);

    public SetCommand(Context ctx) {
        super(ctx);
    }

    @Override
    public Syntax syntax() {
        return new Syntax("set",
                "Set one value in an encrypted file or a service's .env.enc, in place.",
                "KEY is a dotenv/top-level key or a sops path like '[\"a\"][\"b\"]'. The value is the JSON",
                "argument (as sops set), or a raw string from --value, or from stdin (one trailing newline dropped).")
                .parameter("FILE|SERVICE", "an encrypted file, or a service folder or name", v -> target = v)
                .parameter("KEY", "a key or a sops path", v -> key = v)
                .optionalParameter("JSON_VALUE", "the value as JSON, e.g. '\"text\"' (or --value, or stdin)", v -> json = v)
                .option("--value", "STRING", "the value as a plain string (visible in the process list: prefer stdin)", v -> value = v)
                .flag("--value-file", "as sops: JSON_VALUE names a file whose content is the JSON value", () -> valueFile = true)
                .flag("--value-stdin", "as sops: the JSON value is read from stdin (no JSON_VALUE argument)", () -> valueStdin = true)
                .flag("--idempotent", "do not write the file when the value is unchanged", () -> idempotent = true)
                .flag("--ignore-mac", "open even if the MAC does not verify", () -> ignoreMac = true)
                .with(files);
    }

    @Override
    public Integer call() throws IOException {
        TreePath path = TreePath.keyOrPath(key);
        Object newValue = newValue();
        Path enc = Target.resolve(ctx, target, files.root).requireEncrypted();
        ctx.audit().record("set", enc, key);
        SecretFile secret = SecretFile.of(ctx, enc, files);
        if (secret.format == Format.DOTENV) {
            checkDotenv(path, newValue);
        }
        try (SopsFile opened = secret.open(ignoreMac)) {
            boolean changed = path.set(opened.documents().get(0), newValue);
            if (!changed && idempotent) {
                return 0;
            }
            secret.save(opened);
        }
        return 0;
    }

    private Object newValue() throws IOException {
        if (valueFile || valueStdin) {
            return sopsValue();
        }
        if (json != null && value != null) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "give the value once: as JSON or with --value");
        }
        if (value != null) {
            return value;
        }
        if (json != null) {
            return parseJson(json);
        }
        byte[] in = ctx.in().readAllBytes();
        int end = in.length;
        if (end > 0 && in[end - 1] == '\n') {
            end--;
            if (end > 0 && in[end - 1] == '\r') {
                end--;
            }
        }
        try {
            // strict: a byte that is not UTF-8 is an error, not a silent U+FFFD in the stored secret
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in, 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "the value on stdin is not valid UTF-8; "
                    + "encode binary values first (base64)");
        } finally {
            java.util.Arrays.fill(in, (byte) 0); // the secret value
        }
    }

    /** A dotenv file holds KEY=value lines: a key with '=' or a line break, or a NUL anywhere, cannot be written back. */
    static void checkDotenv(TreePath path, Object value) {
        List<Object> c = path.components();
        if (c.size() == 1 && c.get(0) instanceof String key) {
            String why = key.isEmpty() ? "is empty"
                    : key.contains("=") ? "holds '=' (give the key alone: the value goes on stdin, in --value or as JSON)"
                    : key.startsWith("#") ? "starts with '#' (a comment line)"
                    : key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0 ? "holds a line break"
                    : key.indexOf('\0') >= 0 ? "holds a NUL character" : null;
            if (why != null) {
                throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "invalid dotenv key: it " + why);
            }
        }
        if (value instanceof String v && v.indexOf('\0') >= 0) {
            throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "invalid value: a NUL character cannot go into a "
                    + "dotenv file (nor into an environment variable)");
        }
    }

    /** sops set's --value-file / --value-stdin: the file's or stdin's whole content, parsed as JSON. */
    private Object sopsValue() throws IOException {
        if (valueFile && valueStdin) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "Error: cannot use both --value-file and --value-stdin");
        }
        if (value != null) {
            throw new SopsException(ExitCodes.ERROR_CONFLICTING_PARAMETERS, "give the value once: --value or "
                    + (valueFile ? "--value-file" : "--value-stdin"));
        }
        if (valueStdin && json != null) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, "Error: file specified, or index and value are missing. "
                    + "Need precisely 2 positional arguments since --value-stdin is used.");
        }
        if (valueFile && json == null) {
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, "Error: no file specified, or index and value are missing. "
                    + "Need precisely 3 positional arguments.");
        }
        byte[] in = valueStdin ? ctx.in().readAllBytes() : dev.secrets.sops.files.AtomicFile.read(ctx.path(json));
        try {
            return parseJson(new String(in, StandardCharsets.UTF_8));
        } finally {
            java.util.Arrays.fill(in, (byte) 0); // the secret value
        }
    }

    /** A JSON value as sops set reads it; a top-level array is refused (sops #1133). */
    static Object parseJson(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("[")) {
            throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "Invalid --set value format: arrays can only be set element by element");
        }
        try {
            List<Branch> docs = Stores.of(Format.JSON).loadPlain(("{\"v\":" + trimmed + "}").getBytes(StandardCharsets.UTF_8));
            return docs.get(0).get("v");
        } catch (SopsException e) {
            throw new SopsException(ExitCodes.ERROR_INVALID_SET_FORMAT, "Invalid --set value format: not a JSON value");
        }
    }
}
