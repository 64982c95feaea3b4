package dev.secrets.age;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * The MLKEM768-X25519 hybrid KEM (X-Wing) of draft-ietf-hpke-pq, HPKE KEM id 0x647a, as age's
 * {@code age1pq1} keys use it. ML-KEM-768 is bouncycastle's (JDK 17 has none); X25519 and SHA3-256
 * are the JDK's. This is the only class that touches bouncycastle, so its classes load only when a
 * post-quantum key is actually used.
 *
 * <ul>
 *   <li>private key: a 32-byte seed; SHAKE256(seed) gives the ML-KEM seed d‖z (64 bytes), then
 *       the X25519 scalar (32 bytes);</li>
 *   <li>public key: ML-KEM encapsulation key (1184) ‖ X25519 public key (32);</li>
 *   <li>enc: ML-KEM ciphertext (1088) ‖ ephemeral X25519 public key (32);</li>
 *   <li>shared secret: SHA3-256(ss_ML-KEM ‖ ss_X25519 ‖ ct_X25519 ‖ pk_X25519 ‖ label).</li>
 * </ul>
 */
final class MlKem768X25519 {
    static final int KEM_ID = 0x647a;
    static final int SEED_SIZE = 32;
    static final int MLKEM_PUBLIC_KEY_SIZE = 1184;
    static final int MLKEM_CIPHERTEXT_SIZE = 1088;
    static final int X25519_SIZE = 32;
    static final int PUBLIC_KEY_SIZE = MLKEM_PUBLIC_KEY_SIZE + X25519_SIZE;
    static final int ENC_SIZE = MLKEM_CIPHERTEXT_SIZE + X25519_SIZE;

    /** X-Wing's combiner label, the six bytes {@code \.//^\}. */
    private static final byte[] LABEL = {0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c};

    /** A private key expanded from its seed. */
    static final class PrivateKey {
        private final MLKEMPrivateKeyParameters mlkem;
        private final byte[] x25519Scalar;
        private final byte[] publicKey;

        private PrivateKey(MLKEMPrivateKeyParameters mlkem, byte[] x25519Scalar, byte[] publicKey) {
            this.mlkem = mlkem;
            this.x25519Scalar = x25519Scalar;
            this.publicKey = publicKey;
        }

        /** The 1216-byte public key. */
        byte[] publicKey() {
            return publicKey.clone();
        }
    }

    /** The KEM's output on the sender's side. */
    record Encapsulation(byte[] sharedSecret, byte[] enc) {
    }

    private MlKem768X25519() {
    }

    /** Expands a 32-byte seed (an {@code AGE-SECRET-KEY-PQ-1…} payload) into the key pair. */
    static PrivateKey expand(byte[] seed) throws GeneralSecurityException {
        if (seed.length != SEED_SIZE) {
            throw new GeneralSecurityException("invalid MLKEM768-X25519 secret key");
        }
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(seed, 0, seed.length);
        byte[] expanded = new byte[64 + 32];
        shake.doFinal(expanded, 0, expanded.length);
        MLKEMPrivateKeyParameters mlkem = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768,
                Arrays.copyOfRange(expanded, 0, 64));
        byte[] scalar = Arrays.copyOfRange(expanded, 64, 96);
        Arrays.fill(expanded, (byte) 0);
        byte[] publicKey = concat(mlkem.getPublicKey(), X25519.publicKey(scalar));
        return new PrivateKey(mlkem, scalar, publicKey);
    }

    /** Encapsulates to a public key that passed {@link HybridRecipient#isValidPublicKey}. */
    static Encapsulation encapsulate(byte[] publicKey, SecureRandom random) throws GeneralSecurityException {
        byte[] pkX = Arrays.copyOfRange(publicKey, MLKEM_PUBLIC_KEY_SIZE, PUBLIC_KEY_SIZE);
        MLKEMPublicKeyParameters pkM = new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768,
                Arrays.copyOfRange(publicKey, 0, MLKEM_PUBLIC_KEY_SIZE));
        SecretWithEncapsulation m = new MLKEMGenerator(random).generateEncapsulated(pkM);
        byte[] ephemeral = new byte[32];
        random.nextBytes(ephemeral);
        byte[] ctX = X25519.publicKey(ephemeral);
        byte[] ssX = X25519.scalarMult(ephemeral, pkX);
        Arrays.fill(ephemeral, (byte) 0);
        byte[] ss = combine(m.getSecret(), ssX, ctX, pkX);
        return new Encapsulation(ss, concat(m.getEncapsulation(), ctX));
    }

    /**
     * The shared secret for {@code enc}. A wrong key gives a wrong secret, not an error (ML-KEM's
     * implicit rejection); an all-zero X25519 result is an error, as in Go.
     */
    static byte[] decapsulate(PrivateKey key, byte[] enc) throws GeneralSecurityException {
        if (enc.length != ENC_SIZE) {
            throw new GeneralSecurityException("invalid encapsulated key size");
        }
        byte[] ssM = new MLKEMExtractor(key.mlkem).extractSecret(Arrays.copyOfRange(enc, 0, MLKEM_CIPHERTEXT_SIZE));
        byte[] ctX = Arrays.copyOfRange(enc, MLKEM_CIPHERTEXT_SIZE, ENC_SIZE);
        byte[] ssX = X25519.scalarMult(key.x25519Scalar, ctX);
        byte[] pkX = Arrays.copyOfRange(key.publicKey, MLKEM_PUBLIC_KEY_SIZE, PUBLIC_KEY_SIZE);
        return combine(ssM, ssX, ctX, pkX);
    }

    private static byte[] combine(byte[] ssM, byte[] ssX, byte[] ctX, byte[] pkX) throws GeneralSecurityException {
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
        sha3.update(ssM);
        sha3.update(ssX);
        sha3.update(ctX);
        sha3.update(pkX);
        sha3.update(LABEL);
        byte[] ss = sha3.digest();
        Arrays.fill(ssM, (byte) 0);
        Arrays.fill(ssX, (byte) 0);
        return ss;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
