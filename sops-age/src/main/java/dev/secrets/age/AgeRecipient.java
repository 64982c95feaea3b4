package dev.secrets.age;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * An age recipient (sops' age MasterKey for encryption): a native X25519 key {@code age1…}, a
 * post-quantum hybrid key {@code age1pq1…}, an SSH public key ({@code ssh-ed25519 …},
 * {@code ssh-rsa …}) or a plugin recipient {@code age1NAME1…} served by {@code age-plugin-NAME}. {@link #wrap} produces one armored age file with exactly one stanza, as sops
 * stores it in {@code enc}.
 */
public final class AgeRecipient implements Recipient {
    /** The kinds of recipient this implementation writes. */
    public enum Kind { X25519, MLKEM768_X25519, SSH_ED25519, SSH_RSA, PLUGIN }

    private final String recipient;
    private final Kind kind;
    private final SshPublicKey sshKey;
    private final RecipientStanzaWriter writer;

    private AgeRecipient(String recipient, Kind kind, SshPublicKey sshKey) {
        this(recipient, kind, sshKey, null);
    }

    /** @param writer the stanza writer of a post-quantum or plugin recipient */
    private AgeRecipient(String recipient, Kind kind, SshPublicKey sshKey, RecipientStanzaWriter writer) {
        this.recipient = recipient;
        this.kind = kind;
        this.sshKey = sshKey;
        this.writer = writer;
    }

    /**
     * Parses a recipient as sops does (age/keysource.go parseRecipient); the input is trimmed and
     * kept as the recipient string (SSH keys keep their comment).
     *
     * @throws SopsException when the recipient is malformed or of an unsupported type
     */
    public static AgeRecipient parse(String input) {
        String r = input.strip();
        if (r.startsWith("age1pq1")) {
            try {
                return new AgeRecipient(r, Kind.MLKEM768_X25519, null, HybridRecipient.parse(r));
            } catch (IllegalArgumentException e) {
                throw error("failed to parse input as Bech32-encoded age public key: " + e.getMessage());
            }
        }
        if (PluginRecipient.looksLike(r)) {
            try {
                return new AgeRecipient(r, Kind.PLUGIN, null, PluginRecipient.parse(r));
            } catch (IllegalArgumentException e) {
                throw error("failed to parse input as age plugin recipient: " + e.getMessage());
            }
        }
        if (r.startsWith("age1")) {
            String why = x25519Problem(r);
            if (why != null) {
                throw error("failed to parse input as Bech32-encoded age public key: malformed recipient "
                        + GoQuote.quote(r) + ": " + why);
            }
            return new AgeRecipient(r, Kind.X25519, null);
        }
        if (r.startsWith("ssh-")) {
            SshPublicKey key;
            try {
                key = SshPublicKey.parseAuthorized(r);
                if (key.type().equals(SshPublicKey.RSA)) {
                    new SshRsaStanzaWriter(key); // size check
                } else {
                    X25519.montgomeryFromEd25519(key.ed25519Key());
                }
            } catch (IllegalArgumentException e) {
                throw error("failed to parse input as age-ssh public key: malformed SSH recipient: "
                        + GoQuote.quote(r) + ": " + e.getMessage());
            }
            return new AgeRecipient(r, key.type().equals(SshPublicKey.RSA) ? Kind.SSH_RSA : Kind.SSH_ED25519, key);
        }
        throw error("failed to parse input, unknown recipient type: " + GoQuote.quote(r));
    }

    /** A comma-separated list (CLI {@code --age}, {@code SOPS_AGE_RECIPIENTS}); empty input gives none. */
    public static List<AgeRecipient> parseList(String commaSeparated) {
        List<AgeRecipient> out = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isEmpty()) {
            return out;
        }
        for (String part : commaSeparated.split(",", -1)) {
            out.add(parse(part));
        }
        return out;
    }

    private static String x25519Problem(String r) {
        Bech32Address address;
        try {
            address = Bech32.getDecoder().decode(r);
        } catch (RuntimeException e) {
            return "invalid Bech32 encoding";
        }
        if (!"age".contentEquals(address.getHumanReadablePart())) {
            return "invalid type";
        }
        if (address.getData().length != 32) {
            return "invalid key length";
        }
        return null;
    }

    private static SopsException error(String message) {
        return new SopsException(ExitCodes.ERROR_GENERIC, message);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String type() {
        return StoredKey.AGE;
    }

    @Override
    public String id() {
        return recipient;
    }

    /** Encrypts the bytes into an armored age file for this recipient alone. */
    public String encrypt(byte[] plaintext) {
        try {
            return AgeArmoredFile.encrypt(stanzaWriter(), plaintext);
        } catch (GeneralSecurityException | IOException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC,
                    "failed to encrypt sops data key with age: " + e.getMessage(), e);
        }
    }

    @Override
    public StoredKey wrap(byte[] dataKey) {
        return StoredKey.age(recipient, encrypt(dataKey));
    }

    private RecipientStanzaWriter stanzaWriter() throws GeneralSecurityException {
        return switch (kind) {
            case X25519 -> X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient);
            case MLKEM768_X25519, PLUGIN -> writer;
            case SSH_ED25519 -> new SshEd25519StanzaWriter(sshKey);
            case SSH_RSA -> new SshRsaStanzaWriter(sshKey);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgeRecipient other && other.recipient.equals(recipient);
    }

    @Override
    public int hashCode() {
        return recipient.hashCode();
    }

    @Override
    public String toString() {
        return recipient;
    }
}
