package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.SopsFile;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.stores.Store;
import java.nio.file.Path;
import java.util.Locale;

/** An encrypted file as the verbs name it: where it is, its format and store from the options. */
public final class SecretFile {
    public final Path path;
    public final Format format;
    public final Store store;
    private final Context ctx;
    /** The bytes read from stdin, or null to read {@link #path}. */
    private final byte[] given;

    private SecretFile(Context ctx, Path path, Format format, Store store, byte[] given) {
        this.ctx = ctx;
        this.path = path;
        this.format = format;
        this.store = store;
        this.given = given;
    }

    public static SecretFile of(Context ctx, Path path, FileOptions options) {
        Format format = options.inputFormat(path);
        return new SecretFile(ctx, path, format, options.storeFor(format, path), null);
    }

    /**
     * The file read from stdin (sops 3.10+: no file argument); its type from --input-type or
     * --filename-override, its name in messages {@link #STDIN}.
     */
    public static SecretFile stdin(Context ctx, byte[] bytes, FileOptions options) {
        Path name = Path.of(STDIN);
        Path rules = options.filenameOverride == null ? ctx.workingDir().resolve(STDIN) : ctx.path(options.filenameOverride);
        Format format = options.inputFormat(name);
        return new SecretFile(ctx, name, format, options.storeFor(format, rules), bytes);
    }

    /** How messages name stdin. */
    public static final String STDIN = "<stdin>";

    /** Reads all of stdin (the input of encrypt/decrypt without a file argument). */
    public static byte[] readStdin(Context ctx) {
        if (ctx.classicForm()) { // sops -d / -e without a file: sops reads no stdin there
            throw new SopsException(ExitCodes.NO_FILE_SPECIFIED, "Error: no file specified");
        }
        try {
            return ctx.in().readAllBytes();
        } catch (java.io.IOException e) {
            throw new SopsException(ExitCodes.COULD_NOT_READ_INPUT_FILE, STDIN + ": could not read: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Opens it with the environment's identities; errors name the file. */
    public SopsFile open(boolean ignoreMac) {
        byte[] bytes = given != null ? given : AtomicFile.read(path);
        if (hasConflictMarkers(bytes)) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, path + ": holds git conflict markers: it was merged as "
                    + "text, not by the sops merge driver (install it with `secrets init`, then redo the merge)");
        }
        ctx.log(path + ": " + bytes.length + " bytes read as " + format.name().toLowerCase(Locale.ROOT));
        ctx.audit().read(path, bytes);
        SopsFile opened;
        try {
            opened = SopsFile.open(path, bytes, store, ctx.identities(), ignoreMac);
        } catch (SopsException e) {
            throw NoKeyDiagnosis.attach(ctx, e, bytes, store, path);
        }
        ctx.audit().opened(path, opened);
        if (ctx.verbose()) {
            ctx.log(path + ": key sources: " + ctx.identities().get(0).describe()
                    + (ignoreMac ? "; MAC not checked (--ignore-mac)" : "; MAC verified"));
        }
        return opened;
    }

    /** Whether a line starts with git's conflict marker {@code <<<<<<< } (a text merge of an encrypted file). */
    static boolean hasConflictMarkers(byte[] bytes) {
        // a scan of the bytes, not a String copy: this runs before every open, large files included
        byte[] marker = {'<', '<', '<', '<', '<', '<', '<', ' '};
        for (int i = 0; i + marker.length <= bytes.length; i++) {
            if ((i == 0 || bytes[i - 1] == '\n') && bytes[i] == '<' && java.util.Arrays.equals(bytes, i, i + marker.length,
                    marker, 0, marker.length)) {
                return true;
            }
        }
        return false;
    }

    /** Saves a changed file, with a --verbose line. */
    public void save(SopsFile opened) {
        ctx.log("writing " + path + " through a temp file and a rename");
        opened.save();
    }
}
