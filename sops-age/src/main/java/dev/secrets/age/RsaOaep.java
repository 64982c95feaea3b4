package dev.secrets.age;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** RSA-OAEP with SHA-256 (and MGF1-SHA-256) and age's ssh-rsa label. */
final class RsaOaep {
    static final String LABEL = "age-encryption.org/v1/ssh-rsa";

    private RsaOaep() {
    }

    static Cipher cipher(int mode, Key key) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                new PSource.PSpecified(LABEL.getBytes(StandardCharsets.US_ASCII))));
        return c;
    }
}
