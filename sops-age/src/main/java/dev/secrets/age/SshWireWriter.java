package dev.secrets.age;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes the SSH wire encoding (RFC 4251 §5): string, mpint. */
final class SshWireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    SshWireWriter string(byte[] b) {
        int n = b.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(b);
        return this;
    }

    SshWireWriter string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    SshWireWriter mpint(BigInteger v) {
        return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
