package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A recipient served by an age plugin, {@code age1NAME1…} (Bech32 with HRP {@code age1NAME}):
 * wrapping runs {@code age-plugin-NAME --age-plugin=recipient-v1} (C2SP age-plugin, as age's
 * plugin.Recipient.Wrap) and takes the stanzas it answers.
 */
final class PluginRecipient implements RecipientStanzaWriter {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._+-]*");

    private final String name;
    private final String encoding;

    private PluginRecipient(String name, String encoding) {
        this.name = name;
        this.encoding = encoding;
    }

    /** Whether {@code s} looks like a plugin recipient ({@code age1NAME1…}, not {@code age1…}/{@code age1pq1…}). */
    static boolean looksLike(String s) {
        return s.startsWith("age1") && s.lastIndexOf('1') > 3 && !s.startsWith(HybridRecipient.HRP + "1");
    }

    /** @throws IllegalArgumentException {@code malformed recipient "<r>": <why>} */
    static PluginRecipient parse(String s) {
        LongBech32.Decoded d;
        try {
            d = LongBech32.decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed recipient " + GoQuote.quote(s) + ": " + e.getMessage());
        }
        String name = d.hrp().startsWith("age1") ? d.hrp().substring(4) : "";
        if (!validName(name)) {
            throw new IllegalArgumentException("malformed recipient " + GoQuote.quote(s) + ": invalid plugin name");
        }
        return new PluginRecipient(name, s);
    }

    static boolean validName(String name) {
        return NAME.matcher(name).matches() && name.equals(name.toLowerCase(Locale.ROOT));
    }

    String name() {
        return name;
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
        try {
            return wrap(fileKey.getEncoded(), System.err);
        } catch (IOException e) {
            throw new GeneralSecurityException(name + " plugin: " + e.getMessage(), e);
        }
    }

    private List<RecipientStanza> wrap(byte[] fileKey, PrintStream stderr) throws IOException, GeneralSecurityException {
        PluginTerminal ui = new PluginTerminal(name, stderr);
        List<RecipientStanza> stanzas = new ArrayList<>();
        try (PluginConnection c = PluginConnection.open(name, "recipient-v1")) {
            c.write("add-recipient", encoding);
            c.write("wrap-file-key", List.of(), fileKey);
            c.write("extension-labels");
            c.write("done");
            while (true) {
                PluginConnection.Message m = c.read();
                switch (m.type()) {
                    case "recipient-stanza" -> {
                        if (m.args().size() < 2) {
                            throw new IOException("malformed recipient stanza: unexpected argument count");
                        }
                        if (!m.args().get(0).equals("0")) {
                            throw new IOException("malformed recipient stanza: unexpected index");
                        }
                        stanzas.add(new Stanza(m.args().get(1), List.copyOf(m.args().subList(2, m.args().size())), m.body()));
                        c.write("ok");
                    }
                    case "labels" -> c.write("ok");
                    case "error" -> {
                        c.write("ok");
                        throw new GeneralSecurityException(name + " plugin: " + ui.explain(PluginIdentity.text(m.body())));
                    }
                    case "done" -> {
                        if (stanzas.isEmpty()) {
                            throw new GeneralSecurityException(name + " plugin: "
                                    + ui.explain("received zero recipient stanzas"));
                        }
                        return stanzas;
                    }
                    default -> {
                        if (!ui.handle(c, m)) {
                            c.write("unsupported");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IOException(ui.explain(e.getMessage()), e);
        }
    }
}
