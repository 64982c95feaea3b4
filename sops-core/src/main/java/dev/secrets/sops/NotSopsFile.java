package dev.secrets.sops;

/** A file that holds no sops metadata where an encrypted file was expected (exit 1, sops' message). */
public final class NotSopsFile extends SopsException {
    public NotSopsFile() {
        super(ExitCodes.ERROR_GENERIC, "sops metadata not found");
    }
}
