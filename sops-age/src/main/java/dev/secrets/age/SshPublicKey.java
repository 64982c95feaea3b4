package dev.secrets.age;

import dev.secrets.sops.internal.ErrorText;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An SSH public key of a type age supports (ssh-ed25519, ssh-rsa), from its wire encoding or from
 * an authorized_keys line. The wire encoding names the key in age stanzas: the first 4 bytes of its
 * SHA-256 are the stanza tag.
 */
final class SshPublicKey {
    static final String ED25519 = "ssh-ed25519";
    static final String RSA = "ssh-rsa";

    private final String type;
    private final byte[] wire;
    private final byte[] ed25519Key;
    private final BigInteger rsaExponent;
    private final BigInteger rsaModulus;

    private SshPublicKey(String type, byte[] wire, byte[] ed25519Key, BigInteger e, BigInteger n) {
        this.type = type;
        this.wire = wire;
        this.ed25519Key = ed25519Key;
        this.rsaExponent = e;
        this.rsaModulus = n;
    }

    /** Parses {@code <type> <base64> [comment]}; the comment is ignored. */
    static SshPublicKey parseAuthorized(String line) {
        String[] parts = line.trim().split("\\s+", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("ssh: no key found");
        }
        byte[] wire;
        try {
            wire = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ssh: invalid base64 key data");
        }
        SshPublicKey key = fromWire(wire);
        if (!key.type.equals(parts[0])) {
            throw new IllegalArgumentException("ssh: key type " + ErrorText.escape(parts[0]) + " does not match the key data");
        }
        return key;
    }

    static SshPublicKey fromWire(byte[] wire) {
        SshWireReader r = new SshWireReader(wire);
        String type = r.readText();
        switch (type) {
            case ED25519 -> {
                byte[] k = r.readString();
                if (k.length != 32 || r.hasMore()) {
                    throw new IllegalArgumentException("ssh: invalid ssh-ed25519 key");
                }
                return new SshPublicKey(type, wire, k, null, null);
            }
            case RSA -> {
                BigInteger e = r.readMpint();
                BigInteger n = r.readMpint();
                if (r.hasMore() || e.signum() <= 0 || n.signum() <= 0) {
                    throw new IllegalArgumentException("ssh: invalid ssh-rsa key");
                }
                return new SshPublicKey(type, wire, null, e, n);
            }
            default -> throw new IllegalArgumentException("unknown SSH recipient type: " + GoQuote.quote(type));
        }
    }

    static SshPublicKey ed25519(byte[] key) {
        return fromWire(new SshWireWriter().string(ED25519).string(key).toByteArray());
    }

    static SshPublicKey rsa(BigInteger e, BigInteger n) {
        return fromWire(new SshWireWriter().string(RSA).mpint(e).mpint(n).toByteArray());
    }

    String type() {
        return type;
    }

    byte[] wire() {
        return wire.clone();
    }

    byte[] ed25519Key() {
        return ed25519Key.clone();
    }

    RSAPublicKey rsaKey() throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsaModulus, rsaExponent));
    }

    BigInteger rsaModulus() {
        return rsaModulus;
    }

    /** The stanza tag: unpadded base64 of the first 4 bytes of SHA-256(wire). */
    String tag() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(wire);
            return StanzaBase64.encode(Arrays.copyOf(h, 4));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authorized_keys form without comment. */
    String authorized() {
        return type + " " + Base64.getEncoder().encodeToString(wire);
    }
}
