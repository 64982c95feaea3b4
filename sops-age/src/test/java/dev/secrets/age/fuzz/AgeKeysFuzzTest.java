package dev.secrets.age.fuzz;

import static dev.secrets.sops.fuzz.FuzzContract.refusalIsClean;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secrets.age.AgeKeyFile;
import dev.secrets.age.AgeRecipient;
import dev.secrets.age.SshPrivateKeys;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.fuzz.FuzzContract;
import java.nio.charset.StandardCharsets;

/**
 * Key material as the CLI reads it from the environment and from .sops.yaml: an age identities text
 * (keys.txt, SOPS_AGE_KEY), recipients (one per line, and a comma list), and an SSH private key. The
 * SSH key reader reports a bad key as IllegalArgumentException, which key discovery turns into an
 * error line (AgeKeyDiscovery): that type is clean there, every other one is a finding.
 */
class AgeKeysFuzzTest {
    @FuzzTest
    void keyText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        refusalIsClean(() -> AgeKeyFile.parse(text, "fuzz", false));
        refusalIsClean(() -> AgeKeyFile.parse(text, "fuzz", true));
        for (String line : text.split("\n", 8)) {
            refusalIsClean(() -> AgeRecipient.parse(line));
        }
        refusalIsClean(() -> AgeRecipient.parseList(text));
        try {
            SshPrivateKeys.parse(text);
        } catch (IllegalArgumentException e) {
            // discovery's "malformed SSH identity" line: its text must fit on that line
            FuzzContract.check(new SopsException(ExitCodes.COULD_NOT_RETRIEVE_KEY, e.getMessage()));
        }
    }
}
