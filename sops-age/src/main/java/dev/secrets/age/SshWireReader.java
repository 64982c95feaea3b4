package dev.secrets.age;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the SSH wire encoding (RFC 4251 §5): uint32, string, mpint. */
final class SshWireReader {
    private final byte[] data;
    private int pos;

    SshWireReader(byte[] data) {
        this.data = data;
    }

    boolean hasMore() {
        return pos < data.length;
    }

    int readUint32() {
        need(4);
        int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8)
                | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    byte[] readString() {
        int len = readUint32();
        if (len < 0) {
            throw new IllegalArgumentException("malformed SSH key: negative length");
        }
        need(len);
        byte[] out = Arrays.copyOfRange(data, pos, pos + len);
        pos += len;
        return out;
    }

    String readText() {
        return new String(readString(), StandardCharsets.UTF_8);
    }

    BigInteger readMpint() {
        byte[] b = readString();
        return b.length == 0 ? BigInteger.ZERO : new BigInteger(b);
    }

    private void need(int n) {
        if (n > data.length - pos) {
            throw new IllegalArgumentException("malformed SSH key: truncated data");
        }
    }
}
