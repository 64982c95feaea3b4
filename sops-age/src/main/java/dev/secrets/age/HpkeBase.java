package dev.secrets.age;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HPKE (RFC 9180) base mode, one message per context, with HKDF-SHA256 and ChaCha20Poly1305 and
 * empty associated data: age's SealBase/OpenBase for its HPKE recipient stanzas. The KEM is run by
 * the caller, which hands over its shared secret and the KEM id.
 */
final class HpkeBase {
    private static final int KDF_HKDF_SHA256 = 0x0001;
    private static final int AEAD_CHACHA20_POLY1305 = 0x0003;
    private static final byte[] VERSION = "HPKE-v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] suiteId;
    private final byte[] key;
    private final byte[] nonce;

    /** The key schedule (RFC 9180 §5.1) for mode base, no PSK. */
    private HpkeBase(int kemId, byte[] sharedSecret, byte[] info) throws GeneralSecurityException {
        suiteId = new byte[] {'H', 'P', 'K', 'E', (byte) (kemId >> 8), (byte) kemId,
            (byte) (KDF_HKDF_SHA256 >> 8), (byte) KDF_HKDF_SHA256,
            (byte) (AEAD_CHACHA20_POLY1305 >> 8), (byte) AEAD_CHACHA20_POLY1305};
        byte[] pskIdHash = labeledExtract(new byte[0], "psk_id_hash", new byte[0]);
        byte[] infoHash = labeledExtract(new byte[0], "info_hash", info);
        byte[] context = new byte[1 + pskIdHash.length + infoHash.length];
        System.arraycopy(pskIdHash, 0, context, 1, pskIdHash.length);
        System.arraycopy(infoHash, 0, context, 1 + pskIdHash.length, infoHash.length);
        byte[] secret = labeledExtract(sharedSecret, "secret", new byte[0]);
        key = labeledExpand(secret, "key", context, 32);
        nonce = labeledExpand(secret, "base_nonce", context, 12);
        Arrays.fill(secret, (byte) 0);
    }

    static byte[] seal(int kemId, byte[] sharedSecret, byte[] info, byte[] plaintext) throws GeneralSecurityException {
        return new HpkeBase(kemId, sharedSecret, info).aead(Cipher.ENCRYPT_MODE, plaintext);
    }

    /** @throws javax.crypto.AEADBadTagException when the ciphertext does not open */
    static byte[] open(int kemId, byte[] sharedSecret, byte[] info, byte[] ciphertext) throws GeneralSecurityException {
        return new HpkeBase(kemId, sharedSecret, info).aead(Cipher.DECRYPT_MODE, ciphertext);
    }

    private byte[] aead(int mode, byte[] input) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        return c.doFinal(input);
    }

    private byte[] labeledExtract(byte[] salt, String label, byte[] ikm) throws GeneralSecurityException {
        Mac mac = hmac(salt.length == 0 ? new byte[32] : salt);
        mac.update(VERSION);
        mac.update(suiteId);
        mac.update(label.getBytes(StandardCharsets.US_ASCII));
        return mac.doFinal(ikm);
    }

    /** HKDF-Expand for at most one block, which is all this suite needs (32 and 12 bytes). */
    private byte[] labeledExpand(byte[] prk, String label, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = hmac(prk);
        mac.update(new byte[] {(byte) (length >> 8), (byte) length});
        mac.update(VERSION);
        mac.update(suiteId);
        mac.update(label.getBytes(StandardCharsets.US_ASCII));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static Mac hmac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }
}
