package dev.secrets.sops.tree;

import java.util.Arrays;

/**
 * A string value whose bytes are not valid UTF-8. Go strings are byte sequences, so sops encrypts
 * and hashes such a value byte for byte (mostly the binary store's {@code data}); a Java String
 * would lose those bytes.
 */
public record RawString(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
        return o instanceof RawString r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawString[" + bytes.length + " bytes]";
    }
}
