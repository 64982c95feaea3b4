package dev.secrets.age;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import dev.secrets.sops.SopsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/**
 * An identity file encrypted with an age passphrase (sops 3.10 #1400, age/encrypted_keys.go): the
 * age file (binary or armored) holding an identities text, opened by an scrypt stanza. The passphrase
 * is asked only when a data key is met that no other identity opens (discovery tries such files
 * last), once per run: the identities it holds, or the failure, are kept.
 */
public final class EncryptedIdentityFile implements AgeIdentity {
    private final byte[] contents;
    private final String location;
    private final PassphrasePrompt prompt;
    private List<AgeIdentity> identities;
    private PassphraseException failure;

    EncryptedIdentityFile(byte[] contents, String location, PassphrasePrompt prompt) {
        this.contents = contents.clone();
        this.location = location;
        this.prompt = prompt;
    }

    /** Whether the bytes are an age file rather than an identities text (what sops peeks at). */
    static boolean isAgeFile(byte[] bytes) {
        return startsWith(bytes, "age-encryption") || startsWith(bytes, "-----BEGIN AGE");
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return bytes.length >= p.length && Arrays.equals(bytes, 0, p.length, p, 0, p.length);
    }

    @Override
    public String kind() {
        return "passphrase-protected identity file";
    }

    /** The first recipient of the identities inside (asks for the passphrase). */
    @Override
    public String recipient() {
        try {
            List<AgeIdentity> ids = open();
            return ids.isEmpty() ? "" : ids.get(0).recipient();
        } catch (PassphraseException e) {
            throw new SopsException(dev.secrets.sops.ExitCodes.COULD_NOT_RETRIEVE_KEY, e.getMessage());
        }
    }

    @Override
    public com.exceptionfactory.jagged.FileKey getFileKey(Iterable<com.exceptionfactory.jagged.RecipientStanza> stanzas)
            throws GeneralSecurityException {
        List<AgeIdentity> ids = open();
        try {
            return new AnyIdentityReader(ids).getFileKey(stanzas);
        } catch (UnsupportedRecipientStanzaException e) {
            throw new UnsupportedRecipientStanzaException("encrypted identity '" + location + "' didn't match file's recipients");
        }
    }

    private synchronized List<AgeIdentity> open() throws PassphraseException {
        if (identities != null) {
            return identities;
        }
        if (failure != null) {
            throw failure;
        }
        byte[] passphrase = null;
        try {
            try {
                passphrase = prompt.passphrase(location);
            } catch (IllegalStateException e) {
                throw new PassphraseException(e.getMessage());
            }
            byte[] text;
            try {
                text = decrypt(new ScryptStanzaReader(passphrase));
            } catch (ScryptStanzaReader.IncorrectPassphraseException e) {
                throw new PassphraseException("identity file '" + location + "': incorrect passphrase");
            } catch (UnsupportedRecipientStanzaException e) {
                throw new PassphraseException("identity file '" + location
                        + "': not encrypted with a passphrase (no scrypt stanza)");
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                throw new PassphraseException("failed to decrypt identity file '" + location + "': " + e.getMessage());
            }
            try {
                identities = AgeKeyFile.parse(new String(text, StandardCharsets.UTF_8), location, false);
            } catch (SopsException e) {
                throw new PassphraseException(e.getMessage());
            } finally {
                Arrays.fill(text, (byte) 0);
            }
            return identities;
        } catch (PassphraseException e) {
            failure = e;
            throw e;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    private byte[] decrypt(RecipientStanzaReader reader) throws GeneralSecurityException, IOException {
        if (startsWith(contents, "-----BEGIN AGE")) {
            return AgeArmoredFile.decrypt(new String(contents, StandardCharsets.US_ASCII), reader);
        }
        // sized to the ciphertext (the plaintext is shorter), so it never grows and leaves no copy of
        // the identities behind; both buffers are wiped, only the returned array is the caller's
        WipeableBytes out = new WipeableBytes(contents.length);
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try (ReadableByteChannel ch = new StandardDecryptingChannelFactory()
                .newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(contents)), List.of(reader))) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
            return out.toByteArray();
        } finally {
            Arrays.fill(buf.array(), (byte) 0);
            out.wipe();
        }
    }

    /** A byte stream whose buffer can be wiped. */
    private static final class WipeableBytes extends ByteArrayOutputStream {
        WipeableBytes(int size) {
            super(Math.max(size, 32));
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
        }
    }

    /**
     * The passphrase could not be had, or does not open the file (an identity file here, an SSH key
     * file in {@link EncryptedSshIdentity}): the data key cannot be obtained, exit 128.
     */
    public static final class PassphraseException extends GeneralSecurityException {
        PassphraseException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "EncryptedIdentityFile[" + location + "]";
    }
}
