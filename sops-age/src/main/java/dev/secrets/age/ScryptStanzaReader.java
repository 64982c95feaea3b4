package dev.secrets.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The passphrase side of age's scrypt recipient (C2SP age spec, "The scrypt recipient type"; age's
 * ScryptIdentity): {@code -> scrypt SALT LOG2N}, wrap key = scrypt(passphrase,
 * "age-encryption.org/v1/scrypt" || salt, N = 2^LOG2N, r = 8, p = 1), file key sealed with
 * ChaCha20-Poly1305 under a zero nonce. An scrypt stanza must be the file's only stanza.
 */
final class ScryptStanzaReader implements RecipientStanzaReader {
    static final String TYPE = "scrypt";
    private static final byte[] LABEL = "age-encryption.org/v1/scrypt".getBytes(StandardCharsets.US_ASCII);
    /** age's default maximum work factor for decryption (ScryptIdentity.SetMaxWorkFactor): about 15 s. */
    static final int MAX_LOG2N = 22;

    private final byte[] passphrase;

    ScryptStanzaReader(byte[] passphrase) {
        this.passphrase = passphrase;
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
        int count = 0;
        RecipientStanza scrypt = null;
        for (RecipientStanza s : stanzas) {
            count++;
            if (TYPE.equals(s.getType())) {
                scrypt = s;
            }
        }
        if (scrypt == null) {
            throw new UnsupportedRecipientStanzaException("no scrypt stanza");
        }
        if (count != 1) {
            throw new GeneralSecurityException("an scrypt recipient must be the only one");
        }
        List<String> args = scrypt.getArguments();
        if (args.size() != 2) {
            throw new GeneralSecurityException("invalid scrypt recipient block");
        }
        byte[] salt;
        try {
            salt = StanzaBase64.decode(args.get(0));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("failed to parse scrypt salt: " + e.getMessage());
        }
        if (salt.length != 16) {
            throw new GeneralSecurityException("invalid scrypt recipient block");
        }
        String n = args.get(1);
        if (!n.matches("[1-9][0-9]?")) {
            throw new GeneralSecurityException("invalid scrypt work factor: " + n);
        }
        int logN = Integer.parseInt(n);
        if (logN > MAX_LOG2N) {
            throw new GeneralSecurityException("scrypt work factor is too large: " + logN);
        }
        byte[] body = scrypt.getBody();
        if (body.length != 32) {
            throw new GeneralSecurityException("invalid scrypt recipient block");
        }
        byte[] fullSalt = Arrays.copyOf(LABEL, LABEL.length + salt.length);
        System.arraycopy(salt, 0, fullSalt, LABEL.length, salt.length);
        byte[] key = SCrypt.generate(passphrase, fullSalt, 1 << logN, 8, 1, 32);
        try {
            return new FileKey(ZeroNonceAead.open(key, body));
        } catch (AEADBadTagException e) {
            throw new IncorrectPassphraseException();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The passphrase does not open the scrypt stanza. */
    static final class IncorrectPassphraseException extends GeneralSecurityException {
        IncorrectPassphraseException() {
            super("incorrect passphrase");
        }
    }
}
