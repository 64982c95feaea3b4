package dev.secrets.cli.service;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.stores.ValueText;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The secrets a compose file takes as files from the encrypted values: top-level {@code secrets:}
 * entries whose {@code file:} is {@code ${SECRETS_DIR}/KEY} (or {@code $SECRETS_DIR/KEY}), KEY being a
 * key of the service's {@code .env.enc}. Deploy writes each such KEY's value into the folder it passes
 * to compose as {@code SECRETS_DIR}; other {@code secrets:} entries are compose's business alone.
 */
final class ComposeSecrets {
    static final String VARIABLE = "SECRETS_DIR";
    private static final Pattern OURS = Pattern.compile("^\\$(?:\\{" + VARIABLE + "\\}|" + VARIABLE + ")/(.*)$");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    static final ComposeSecrets NONE = new ComposeSecrets(null, List.of());

    private final Path composeFile;
    private final List<String> keys;

    private ComposeSecrets(Path composeFile, List<String> keys) {
        this.composeFile = composeFile;
        this.keys = keys;
    }

    /**
     * The keys the compose files (as compose merges them: later files add to earlier ones) take as
     * files, in the order they name them; a file named that cannot be read is an error, since compose
     * would start without the secrets it names.
     */
    static ComposeSecrets read(List<Path> composeFiles) {
        ComposeSecrets all = NONE;
        for (Path f : composeFiles) {
            ComposeSecrets one = read(f);
            if (one.isEmpty()) {
                continue;
            }
            if (all.isEmpty()) {
                all = one;
                continue;
            }
            List<String> keys = new ArrayList<>(all.keys);
            one.keys.stream().filter(k -> !keys.contains(k)).forEach(keys::add);
            all = new ComposeSecrets(all.composeFile, List.copyOf(keys));
        }
        return all;
    }

    /** The keys the compose file (null: none) takes as files, in the order it names them. */
    static ComposeSecrets read(Path composeFile) {
        if (composeFile == null) {
            return NONE;
        }
        String text;
        try {
            text = Files.readString(composeFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, composeFile + ": cannot read: " + e.getClass().getSimpleName());
        }
        if (!text.contains(VARIABLE)) {
            return NONE; // the usual case: no YAML parser loaded
        }
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setLabel(composeFile.toString())
                    // the whole text in one read: snakeyaml-engine 2.9 fails when a surrogate pair (an
                    // emoji) straddles the end of one of its 1024-character reads
                    .setBufferSize(Math.max(1024, text.length() + 1)).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            // the parser's message can quote the text; a compose file may hold values of its own
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, composeFile + ": not valid YAML ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
            // snakeyaml-engine bugs on odd input, as ConfigLoader: one line, not a stack trace
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, composeFile + ": not valid YAML (parser failed with "
                    + e.getClass().getSimpleName() + ")");
        }
        if (!(doc instanceof Map<?, ?> top) || !(top.get("secrets") instanceof Map<?, ?> secrets)) {
            return NONE;
        }
        List<String> keys = new ArrayList<>();
        for (Map.Entry<?, ?> entry : secrets.entrySet()) {
            if (!(entry.getValue() instanceof Map<?, ?> spec) || !(spec.get("file") instanceof String file)) {
                continue;
            }
            Matcher m = OURS.matcher(file.strip());
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1);
            if (!KEY.matcher(key).matches()) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, composeFile + ": secret " + entry.getKey() + ": file "
                        + file + " must be ${" + VARIABLE + "}/KEY, KEY a key of .env.enc (letters, digits, _ . -)");
            }
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return new ComposeSecrets(composeFile, List.copyOf(keys));
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    List<String> keys() {
        return keys;
    }

    /**
     * Each key's value as the file's bytes (UTF-8, exactly the decrypted value: a dotenv {@code \n}
     * is a newline). A key the encrypted file lacks is an error naming all such keys, before anything runs.
     */
    Map<String, byte[]> values(Branch doc, Path enc) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            Object v = doc.get(key);
            if (v == null && !doc.containsKey(key)) {
                missing.add(key);
            } else if (v instanceof Branch || v instanceof List) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, enc + ": " + key + " is not a single value; "
                        + composeFile + " takes it as a secret file");
            } else {
                out.put(key, ValueText.valToString(v).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!missing.isEmpty()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, composeFile + ": secrets name " + String.join(", ", missing)
                    + " (file: ${" + VARIABLE + "}/KEY), not a key of " + enc + "; nothing was run");
        }
        return out;
    }
}
