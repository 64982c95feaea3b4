package dev.secrets.age;

import dev.secrets.sops.internal.ErrorText;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads an SSH private key file into an age identity: OpenSSH's own format
 * ({@code BEGIN OPENSSH PRIVATE KEY}, openssh-key-v1; Ed25519 and RSA) and PEM RSA keys
 * ({@code BEGIN RSA PRIVATE KEY}, PKCS#1; {@code BEGIN PRIVATE KEY}, PKCS#8). A key protected by a
 * passphrase is what golang.org/x/crypto/ssh opens (ParseRawPrivateKeyWithPassphrase), so what sops
 * opens: openssh-key-v1 with kdf {@code bcrypt} and cipher {@code aes256-ctr} (ssh-keygen's default)
 * or {@code aes256-cbc}, and legacy PEM ({@code Proc-Type: 4,ENCRYPTED}, {@code ssh-keygen -m PEM}).
 * Error messages never contain key material.
 */
public final class SshPrivateKeys {
    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** x/crypto's bound on the bcrypt rounds of a key file (128 times ssh-keygen's default of 16). */
    static final int MAX_BCRYPT_ROUNDS = 2048;

    private SshPrivateKeys() {
    }

    /**
     * Parses the text of an unencrypted private key file.
     *
     * @throws IllegalArgumentException when the key is malformed or of another type; a
     *         {@link PassphraseProtected} one when it is protected by a passphrase
     */
    public static AgeIdentity parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses a private key file, decrypting it with the passphrase when it is protected.
     *
     * @param passphrase the passphrase's bytes, or null for an unencrypted key (not kept; the caller wipes it)
     * @throws IncorrectPassphrase when the passphrase does not open the key
     */
    static AgeIdentity parse(String text, byte[] passphrase) {
        Pem pem = Pem.first(text);
        if (pem == null) {
            throw new IllegalArgumentException("ssh: no key found");
        }
        if (pem.encrypted) {
            if (passphrase == null) {
                throw new PassphraseProtected(null, LegacyPemDecryption.unusable(pem.label, pem.dekInfo));
            }
            byte[] der = LegacyPemDecryption.decrypt(pem.label, pem.dekInfo, pem.der, passphrase);
            try {
                // the format has no check value: a wrong passphrase may leave valid padding over noise
                return new SshRsaIdentity(rsaFromPkcs8(pkcs1ToPkcs8(der)));
            } catch (IllegalArgumentException e) {
                throw new IncorrectPassphrase();
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        if (passphrase != null && !"OPENSSH PRIVATE KEY".equals(pem.label)) {
            throw new IllegalArgumentException("ssh: not an encrypted key");
        }
        return switch (pem.label) {
            case "OPENSSH PRIVATE KEY" -> parseOpenSsh(pem.der, passphrase);
            case "RSA PRIVATE KEY" -> new SshRsaIdentity(rsaFromPkcs8(pkcs1ToPkcs8(pem.der)));
            case "PRIVATE KEY" -> new SshRsaIdentity(rsaFromPkcs8(pem.der));
            default -> throw new IllegalArgumentException("ssh: unsupported key type " + GoQuote.quote(pem.label));
        };
    }

    private static AgeIdentity parseOpenSsh(byte[] data, byte[] passphrase) {
        if (data.length < OPENSSH_MAGIC.length
                || !Arrays.equals(Arrays.copyOf(data, OPENSSH_MAGIC.length), OPENSSH_MAGIC)) {
            throw new IllegalArgumentException("ssh: invalid openssh private key format");
        }
        SshWireReader r = new SshWireReader(Arrays.copyOfRange(data, OPENSSH_MAGIC.length, data.length));
        String cipher = r.readText();
        String kdf = r.readText();
        byte[] kdfOptions = r.readString();
        int keys = r.readUint32();
        if (keys != 1) {
            throw new IllegalArgumentException("ssh: multi-key files are not supported");
        }
        byte[] publicWire = r.readString();
        byte[] block = r.readString();
        boolean protectedKey = !"none".equals(cipher) || !"none".equals(kdf);
        if (protectedKey && passphrase == null) {
            throw new PassphraseProtected(publicWire, OpenSshKeyDecryption.unusable(cipher, kdf, kdfOptions));
        }
        if (!protectedKey && passphrase != null) {
            throw new IllegalArgumentException("ssh: key is not password protected");
        }
        byte[] plain = protectedKey ? OpenSshKeyDecryption.decrypt(cipher, kdf, kdfOptions, block, passphrase) : block;
        try {
            return privateBlock(plain, publicWire, protectedKey);
        } finally {
            if (protectedKey) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static AgeIdentity privateBlock(byte[] block, byte[] publicWire, boolean decrypted) {
        SshWireReader p = new SshWireReader(block);
        boolean checked;
        try {
            checked = p.readUint32() == p.readUint32();
        } catch (IllegalArgumentException e) {
            checked = false;
        }
        if (!checked) { // the two check words differ when the passphrase was wrong
            if (decrypted) {
                throw new IncorrectPassphrase();
            }
            throw new IllegalArgumentException("ssh: malformed OpenSSH key");
        }
        String type = p.readText();
        switch (type) {
            case SshPublicKey.ED25519 -> {
                byte[] pub = p.readString();
                byte[] priv = p.readString();
                if (pub.length != 32 || priv.length != 64) {
                    throw new IllegalArgumentException("ssh: private key unexpected length");
                }
                SshPublicKey declared = SshPublicKey.fromWire(publicWire);
                if (!Arrays.equals(declared.wire(), SshPublicKey.ed25519(pub).wire())) {
                    throw new IllegalArgumentException("ssh: public key does not match the private key");
                }
                byte[] seed = Arrays.copyOf(priv, 32);
                try {
                    return new SshEd25519Identity(seed, pub);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                    Arrays.fill(priv, (byte) 0);
                }
            }
            case SshPublicKey.RSA -> {
                BigInteger n = p.readMpint();
                BigInteger e = p.readMpint();
                BigInteger d = p.readMpint();
                BigInteger iqmp = p.readMpint();
                BigInteger pp = p.readMpint();
                BigInteger q = p.readMpint();
                return new SshRsaIdentity(rsaKey(n, e, d, pp, q, iqmp));
            }
            default -> throw new IllegalArgumentException("unsupported SSH identity type: " + ErrorText.escape(type));
        }
    }

    /**
     * A key protected by a passphrase, met without one (x/crypto's PassphraseMissingError): its
     * public key when the file holds one unencrypted (OpenSSH's format; legacy PEM does not, sops
     * reads {@code KEY.pub} then), and why it could not be decrypted even with the passphrase.
     */
    static final class PassphraseProtected extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient byte[] publicWire;
        private final String unusable;

        PassphraseProtected(byte[] publicWire, String unusable) {
            super("ssh: this private key is passphrase protected");
            this.publicWire = publicWire;
            this.unusable = unusable;
        }

        /** The public key's wire encoding, or null when the file has none. */
        byte[] publicWire() {
            return publicWire == null ? null : publicWire.clone();
        }

        /** Why no passphrase would open it (an unknown cipher or KDF, x/crypto's words), or null. */
        String unusable() {
            return unusable;
        }
    }

    /** The passphrase does not open the key (x509.IncorrectPasswordError, which x/crypto returns for both formats). */
    static final class IncorrectPassphrase extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        IncorrectPassphrase() {
            super("x509: decryption password incorrect");
        }
    }

    private static RSAPrivateCrtKey rsaKey(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q,
                                           BigInteger qInv) {
        try {
            if (p.signum() <= 0 || q.signum() <= 0 || !p.multiply(q).equals(n)) {
                throw new IllegalArgumentException("ssh: malformed RSA key");
            }
            RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(n, e, d, p, q,
                    d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), qInv);
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("ssh: malformed RSA key");
        }
    }

    private static RSAPrivateCrtKey rsaFromPkcs8(byte[] der) {
        try {
            PrivateKey k = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (k instanceof RSAPrivateCrtKey crt) {
                return crt;
            }
        } catch (GeneralSecurityException | RuntimeException ex) {
            // fall through
        }
        throw new IllegalArgumentException("ssh: unsupported or malformed PKCS#8 key (only RSA is supported)");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, which the JDK key factory reads. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(octets);
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** The first PEM block of a text. */
    private record Pem(String label, boolean encrypted, String dekInfo, byte[] der) {
        static Pem first(String text) {
            String[] lines = text.replace("\r", "").split("\n");
            int i = 0;
            while (i < lines.length && !(lines[i].startsWith("-----BEGIN ") && lines[i].trim().endsWith("-----"))) {
                i++;
            }
            if (i == lines.length) {
                return null;
            }
            String begin = lines[i].trim();
            String label = begin.substring("-----BEGIN ".length(), begin.length() - 5);
            String end = "-----END " + label + "-----";
            boolean encrypted = false;
            String dekInfo = null;
            StringBuilder b64 = new StringBuilder();
            boolean ended = false;
            for (i++; i < lines.length; i++) {
                String line = lines[i].trim();
                if (line.equals(end)) {
                    ended = true;
                    break;
                }
                if (line.contains(":")) {
                    if (line.startsWith("Proc-Type:") && line.contains("ENCRYPTED")) {
                        encrypted = true;
                    }
                    if (line.startsWith("DEK-Info:")) {
                        dekInfo = line.substring("DEK-Info:".length()).trim();
                    }
                    continue;
                }
                b64.append(line);
            }
            if (!ended) {
                throw new IllegalArgumentException("ssh: no key found");
            }
            try {
                return new Pem(label, encrypted, dekInfo, Base64.getDecoder().decode(b64.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ssh: invalid base64 in PEM block");
            }
        }
    }
}
