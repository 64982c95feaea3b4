package dev.secrets.sops.testing;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.internal.DataKeys;
import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.keys.Recipient;
import dev.secrets.sops.keys.StoredKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A throwaway key pair for sops-core tests, which cannot use sops-age: it wraps the data key with
 * AES-GCM under its secret and stores it as an {@code age} entry (sops-core only sees type, id and
 * enc). Only the holder of the secret opens it, like a real identity.
 */
public final class TestKey implements Recipient, Identity {
    private final byte[] secret;
    private final String id;

    private TestKey(byte[] secret) {
        this.secret = secret;
        this.id = "age1test" + HexFormat.of().formatHex(secret, 0, 6);
    }

    public static TestKey generate() {
        return new TestKey(DataKeys.generate());
    }

    public static TestKey fromHex(String hex) {
        return new TestKey(HexFormat.of().parseHex(hex));
    }

    public String secretHex() {
        return HexFormat.of().formatHex(secret);
    }

    @Override
    public String type() {
        return StoredKey.AGE;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public StoredKey wrap(byte[] dataKey) {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, dataKey);
        byte[] out = Arrays.copyOf(nonce, 12 + sealed.length);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return StoredKey.age(id, Base64.getEncoder().encodeToString(out));
    }

    @Override
    public byte[] unwrap(StoredKey key) {
        if (!key.type().equals(StoredKey.AGE) || !key.id().equals(id)) {
            return null;
        }
        byte[] in = Base64.getDecoder().decode(key.enc());
        return run(Cipher.DECRYPT_MODE, Arrays.copyOf(in, 12), Arrays.copyOfRange(in, 12, in.length));
    }

    @Override
    public String describe() {
        return "test key " + id;
    }

    private byte[] run(int mode, byte[] nonce, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, nonce));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, "test key " + id + " cannot unwrap: " + e);
        }
    }
}
