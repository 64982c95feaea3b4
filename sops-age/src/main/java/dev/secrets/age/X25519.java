package dev.secrets.age;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** The X25519 function (RFC 7748) on the JDK's XDH, plus the Ed25519-to-Curve25519 point map. */
final class X25519 {
    static final byte[] BASE_POINT = littleEndian32(BigInteger.valueOf(9));

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private X25519() {
    }

    /** X25519(scalar, u): both 32 bytes little-endian; the scalar is clamped. Fails on an all-zero result. */
    static byte[] scalarMult(byte[] scalar, byte[] u) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("XDH");
        PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        byte[] masked = u.clone();
        masked[31] &= 0x7f;
        PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, fromLittleEndian(masked)));
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(priv);
        ka.doPhase(pub, true);
        byte[] out = ka.generateSecret();
        if (isZero(out)) {
            throw new GeneralSecurityException("X25519 produced the all-zero value");
        }
        return out;
    }

    static byte[] publicKey(byte[] scalar) throws GeneralSecurityException {
        return scalarMult(scalar, BASE_POINT);
    }

    /**
     * The Montgomery u-coordinate of an Ed25519 public key (u = (1 + y) / (1 - y)), after checking
     * the encoding is a point of the curve.
     */
    static byte[] montgomeryFromEd25519(byte[] edPublicKey) {
        if (edPublicKey.length != 32) {
            throw new IllegalArgumentException("invalid Ed25519 public key length");
        }
        byte[] yBytes = edPublicKey.clone();
        boolean xSign = (yBytes[31] & 0x80) != 0;
        yBytes[31] &= 0x7f;
        BigInteger y = fromLittleEndian(yBytes);
        if (y.compareTo(P) >= 0) {
            throw new IllegalArgumentException("invalid Ed25519 public key");
        }
        // x^2 = (y^2 - 1) / (d y^2 + 1), d = -121665/121666
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(d.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
        if (x2.signum() == 0) {
            if (xSign) {
                throw new IllegalArgumentException("invalid Ed25519 public key");
            }
        } else if (!x2.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("invalid Ed25519 public key");
        }
        BigInteger oneMinusY = BigInteger.ONE.subtract(y).mod(P);
        if (oneMinusY.signum() == 0) {
            return new byte[32];
        }
        BigInteger u = BigInteger.ONE.add(y).multiply(oneMinusY.modInverse(P)).mod(P);
        return littleEndian32(u);
    }

    static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    static byte[] littleEndian32(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
