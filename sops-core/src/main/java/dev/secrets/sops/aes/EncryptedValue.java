package dev.secrets.sops.aes;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed parts of {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}. Parsing follows sops' Go
 * regexp: greedy groups, anchored at the start only, {@code .} matching anything but a newline.
 */
public record EncryptedValue(byte[] data, byte[] iv, byte[] tag, String type) {
    private static final Pattern FORMAT =
            Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]", Pattern.UNIX_LINES);

    /** Whether the string looks like an encrypted value (a cheap check before parsing). */
    public static boolean looksEncrypted(String s) {
        return s.startsWith("ENC[AES256_GCM,");
    }

    public static EncryptedValue parse(String s) {
        EncryptedValue simple = parseSimple(s);
        if (simple != null) {
            return simple;
        }
        Matcher m = FORMAT.matcher(s);
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
