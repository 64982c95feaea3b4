package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An identity served by an age plugin, {@code AGE-PLUGIN-NAME-1…}: unwrapping runs
 * {@code age-plugin-NAME --age-plugin=identity-v1} with every stanza of the header (as age's
 * plugin.Identity.Unwrap); the plugin picks its own. A plugin that answers no file key does not
 * hold this file; one that fails (not found, an error, an unanswered question) is reported with
 * its message (exit 128) unless another identity opens the entry.
 */
public final class PluginIdentity implements AgeIdentity {
    private static final int FILE_KEY_SIZE = 16;

    private final String name;
    private final String encoding;

    private PluginIdentity(String name, String encoding) {
        this.name = name;
        this.encoding = encoding;
    }

    /** @throws IllegalArgumentException "malformed plugin identity: …", never echoing the identity */
    public static PluginIdentity parse(String s) {
        LongBech32.Decoded d;
        try {
            d = LongBech32.decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed plugin identity: invalid Bech32 encoding");
        }
        String hrp = d.hrp();
        if (!hrp.startsWith("AGE-PLUGIN-") || !hrp.endsWith("-") || hrp.length() < 13) {
            throw new IllegalArgumentException("malformed plugin identity: invalid type");
        }
        String name = hrp.substring(11, hrp.length() - 1).toLowerCase(Locale.ROOT);
        if (!PluginRecipient.validName(name)) {
            throw new IllegalArgumentException("malformed plugin identity: invalid plugin name");
        }
        return new PluginIdentity(name, s);
    }

    /** The plugin name ({@code yubikey} for {@code age-plugin-yubikey}). */
    public String pluginName() {
        return name;
    }

    @Override
    public String kind() {
        return "plugin " + name;
    }

    /** Empty: only the plugin knows its recipient (e.g. {@code age-plugin-yubikey --list}). */
    @Override
    public String recipient() {
        return "";
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        PluginTerminal ui = new PluginTerminal(name, System.err);
        byte[] fileKey = null;
        try (PluginConnection c = PluginConnection.open(name, "identity-v1")) {
            c.write("add-identity", encoding);
            for (RecipientStanza s : stanzas) {
                List<String> args = new ArrayList<>();
                args.add("0");
                args.add(s.getType());
                args.addAll(s.getArguments());
                c.write("recipient-stanza", args, s.getBody());
            }
            c.write("done");
            while (true) {
                PluginConnection.Message m = c.read();
                switch (m.type()) {
                    case "file-key" -> {
                        if (m.args().size() != 1 || !m.args().get(0).equals("0")) {
                            throw new IOException("malformed file-key stanza: unexpected arguments");
                        }
                        if (fileKey != null) {
                            throw new IOException("received duplicated file-key stanza");
                        }
                        if (m.body().length != FILE_KEY_SIZE) {
                            throw new IOException("malformed file-key stanza: the file key is not 16 bytes");
                        }
                        fileKey = m.body();
                        c.write("ok");
                    }
                    case "error" -> {
                        c.write("ok");
                        throw failed(ui.explain(text(m.body())));
                    }
                    case "done" -> {
                        if (fileKey == null) {
                            if (ui.failure() != null) {
                                throw failed(ui.failure());
                            }
                            throw new UnsupportedRecipientStanzaException(name + " plugin: incorrect identity");
                        }
                        return new FileKey(fileKey);
                    }
                    default -> {
                        if (!ui.handle(c, m)) {
                            c.write("unsupported");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw failed(ui.explain(e.getMessage()));
        }
    }

    private PluginFailure failed(String why) {
        return new PluginFailure("failed to decrypt sops data key with age plugin " + PluginConnection.program(name) + ": " + why);
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PluginIdentity[" + name + "]";
    }
}
