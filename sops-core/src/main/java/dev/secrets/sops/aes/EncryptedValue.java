package dev.secrets.sops.aes;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Base64;

/**
 * The parsed parts of {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}. Parsing follows sops' Go
 * regexp: greedy groups, anchored at the start only, {@code .} matching anything but a newline.
 * RE2/J runs it, as Go does, in linear time: the value comes from the file, and java.util.regex
 * backtracks over its four groups (8 s for a 3 KB value repeating the markers without the final ]).
 */
public record EncryptedValue(byte[] data, byte[] iv, byte[] tag, String type) {
    /** Compiled at first use: most files never need it (see {@link #parseSimple}). */
    private static final class Format {
        static final Pattern PATTERN =
                Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");
    }

    /** Whether the string looks like an encrypted value (a cheap check before parsing). */
    public static boolean looksEncrypted(String s) {
        return s.startsWith("ENC[AES256_GCM,");
    }

    public static EncryptedValue parse(String s) {
        EncryptedValue simple = parseSimple(s);
        if (simple != null) {
            return simple;
        }
        Matcher m = Format.PATTERN.matcher(s);
        if (!m.find()) {
            throw new SopsException(ExitCodes.ERROR_DECRYPTING_TREE, "Input string does not match sops' data format");
        }
        return new EncryptedValue(decode(m.group(1), "data"), decode(m.group(2), "iv"), decode(m.group(3), "tag"),
                m.group(4));
    }

    /**
     * The common case without the regex: each marker once, no newline, ending in ']'. Anything else
     * goes through the regex, which decides exactly as sops' Go regexp does.
     */
    private static EncryptedValue parseSimple(String s) {
        if (!s.startsWith("ENC[AES256_GCM,data:") || !s.endsWith("]") || s.indexOf('\n') >= 0) {
            return null;
        }
        int iv = s.indexOf(",iv:");
        int tag = s.indexOf(",tag:");
        int type = s.indexOf(",type:");
        if (iv < 0 || tag < iv || type < tag || s.indexOf(",iv:", iv + 1) >= 0 || s.indexOf(",tag:", tag + 1) >= 0
                || s.indexOf(",type:", type + 1) >= 0 || s.indexOf(']') != s.length() - 1) {
            return null;
        }
        String data = s.substring(20, iv);
        String ivText = s.substring(iv + 4, tag);
        String tagText = s.substring(tag + 5, type);
        String typeText = s.substring(type + 6, s.length() - 1);
        if (data.isEmpty() || ivText.isEmpty() || tagText.isEmpty() || typeText.isEmpty()) {
            return null;
        }
        return new EncryptedValue(decode(data, "data"), decode(ivText, "iv"), decode(tagText, "tag"), typeText);
    }

    /** A parsed value ready for AES-GCM: ciphertext followed by the tag, the IV and the type. */
    record Sealed(byte[] sealed, byte[] iv, String type) {
    }

    /**
     * Parses for decryption: the common form (each marker once, canonical padded base64, no CR or
     * newline) straight from the text into one ciphertext-and-tag array; anything else through
     * {@link #parse}, which decides and fails exactly as before.
     */
    static Sealed parseSealed(String s) {
        Sealed fast = parseSealedFast(s);
        if (fast != null) {
            return fast;
        }
        EncryptedValue ev = parse(s);
        byte[] sealed = new byte[ev.data.length + ev.tag.length];
        System.arraycopy(ev.data, 0, sealed, 0, ev.data.length);
        System.arraycopy(ev.tag, 0, sealed, ev.data.length, ev.tag.length);
        return new Sealed(sealed, ev.iv, ev.type);
    }

    private static final String PREFIX = "ENC[AES256_GCM,data:";

    private static Sealed parseSealedFast(String s) {
        int n = s.length();
        if (!s.startsWith(PREFIX) || s.charAt(n - 1) != ']') {
            return null;
        }
        // the base64 parts hold no ',' so the markers are the first ',' after each part
        int iv = s.indexOf(',', PREFIX.length());
        if (iv < 0 || !s.startsWith(",iv:", iv)) {
            return null;
        }
        int tag = s.indexOf(',', iv + 4);
        if (tag < 0 || !s.startsWith(",tag:", tag)) {
            return null;
        }
        int type = s.indexOf(',', tag + 5);
        if (type < 0 || !s.startsWith(",type:", type)) {
            return null;
        }
        int typeStart = type + 6;
        // the type: letters only, then the final ']' (anything else goes the general way)
        if (typeStart >= n - 1) {
            return null;
        }
        for (int i = typeStart; i < n - 1; i++) {
            char c = s.charAt(i);
            if (c < 'a' || c > 'z') {
                return null;
            }
        }
        int dataLen = Base64Text.decodedLength(s, PREFIX.length(), iv);
        int tagLen = Base64Text.decodedLength(s, tag + 5, type);
        int ivLen = Base64Text.decodedLength(s, iv + 4, tag);
        if (dataLen <= 0 || tagLen <= 0 || ivLen <= 0) {
            return null;
        }
        byte[] sealed = new byte[dataLen + tagLen];
        byte[] ivBytes = new byte[ivLen];
        if (!Base64Text.decode(s, PREFIX.length(), iv, sealed, 0)
                || !Base64Text.decode(s, tag + 5, type, sealed, dataLen)
                || !Base64Text.decode(s, iv + 4, tag, ivBytes, 0)) {
            return null;
        }
        String typeText = s.regionMatches(typeStart, "str]", 0, 4) && typeStart + 4 == n ? "str"
                : s.substring(typeStart, n - 1);
        return new Sealed(sealed, ivBytes, typeText);
    }

    /** The ENC[...] text of AES-GCM output (ciphertext then the 16-byte tag). */
    static String format(byte[] sealed, byte[] iv, String type) {
        int dataLen = sealed.length - ValueCipher.TAG_SIZE;
        int len = PREFIX.length() + Base64Text.encodedLength(dataLen) + 4 + Base64Text.encodedLength(iv.length)
                + 5 + Base64Text.encodedLength(ValueCipher.TAG_SIZE) + 6 + type.length() + 1;
        byte[] out = new byte[len];
        int p = ascii(PREFIX, out, 0);
        p = Base64Text.encode(sealed, 0, dataLen, out, p);
        p = ascii(",iv:", out, p);
        p = Base64Text.encode(iv, 0, iv.length, out, p);
        p = ascii(",tag:", out, p);
        p = Base64Text.encode(sealed, dataLen, ValueCipher.TAG_SIZE, out, p);
        p = ascii(",type:", out, p);
        p = ascii(type, out, p);
        out[p] = ']';
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int ascii(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            out[at + i] = (byte) s.charAt(i);
        }
        return at + s.length();
    }

    /** Go's StdEncoding: padding required, CR and LF skipped. */
    private static byte[] decode(String b64, String part) {
        String clean = b64.indexOf('\r') >= 0 ? b64.replace("\r", "") : b64;
        if (clean.length() % 4 != 0) {
            throw new SopsException(ExitCodes.ERROR_DECRYPTING_TREE, "Error base64-decoding " + part + ": illegal length");
        }
        try {
            return Base64.getDecoder().decode(clean);
        } catch (IllegalArgumentException e) {
            throw new SopsException(ExitCodes.ERROR_DECRYPTING_TREE, "Error base64-decoding " + part);
        }
    }

    public String format() {
        Base64.Encoder enc = Base64.getEncoder();
        return "ENC[AES256_GCM,data:" + enc.encodeToString(data) + ",iv:" + enc.encodeToString(iv)
                + ",tag:" + enc.encodeToString(tag) + ",type:" + type + "]";
    }
}
