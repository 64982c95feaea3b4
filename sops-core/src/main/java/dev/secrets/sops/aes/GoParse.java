package dev.secrets.sops.aes;

/** Go's strconv.ParseFloat / ParseBool, as far as sops' decrypted plaintexts need them. */
final class GoParse {
    private GoParse() {
    }

    static double parseFloat(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf": case "+inf": case "infinity": case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                if (lower.startsWith("0x") || lower.contains("_") || s.endsWith("d") || s.endsWith("f")
                        || s.endsWith("D") || s.endsWith("F")) {
                    throw new NumberFormatException("unsupported float syntax");
                }
                return Double.parseDouble(s);
        }
    }

    static boolean parseBool(String s) {
        switch (s) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True":
                return true;
            case "0": case "f": case "F": case "FALSE": case "false": case "False":
                return false;
            default:
                throw new IllegalArgumentException("invalid syntax");
        }
    }
}
