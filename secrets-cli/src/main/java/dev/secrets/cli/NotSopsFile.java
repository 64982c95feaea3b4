package dev.secrets.cli;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;

/** Thrown for a file --all picked up that holds no sops metadata: it is skipped, not failed. */
final class NotSopsFile extends SopsException {
    NotSopsFile() {
        super(ExitCodes.ERROR_GENERIC, "sops metadata not found");
    }
}
