package dev.secrets.sops;

/** sops' named exit codes (cmd/sops/codes/codes.go), reused so scripts written for sops keep working. */
public final class ExitCodes {
    public static final int ERROR_GENERIC = 1;
    public static final int COULD_NOT_READ_INPUT_FILE = 2;
    public static final int COULD_NOT_WRITE_OUTPUT_FILE = 3;
    public static final int ERROR_DUMPING_TREE = 4;
    public static final int ERROR_INVALID_SET_FORMAT = 7;
    public static final int ERROR_CONFLICTING_PARAMETERS = 8;
    public static final int ERROR_ENCRYPTING_MAC = 21;
    public static final int ERROR_ENCRYPTING_TREE = 23;
    public static final int ERROR_DECRYPTING_TREE = 25;
    public static final int MAC_MISMATCH = 51;
    public static final int INVALID_TREE_PATH_FORMAT = 91;
    public static final int NEED_AT_LEAST_ONE_DOCUMENT = 92;
    public static final int NO_FILE_SPECIFIED = 100;
    public static final int COULD_NOT_RETRIEVE_KEY = 128;
    public static final int DUPLICATE_DECRYPTION_KEY_TYPE = 112;
    public static final int FILE_HAS_NOT_BEEN_MODIFIED = 200;
    public static final int NO_EDITOR_FOUND = 201;
    public static final int FILE_ALREADY_ENCRYPTED = 203;

    private ExitCodes() {
    }
}
