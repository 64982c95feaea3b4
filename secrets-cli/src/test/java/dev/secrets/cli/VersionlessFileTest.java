package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files without {@code version} in their metadata (gibbz00/rops writes them) open and verify, as in
 * sops' Go decrypt package: shared corpus files (written by sops, rewrapped for the sops-nix age key)
 * with their version line removed, in a temp copy.
 */
class VersionlessFileTest {
    @TempDir
    Path tmp;

    /** corpus file, store, the version line to remove. */
    private static final String[][] FILES = {
        {"sops-upstream_example.yaml", "yaml", "    version: 3.10.2\n"},
        {"sops-upstream_format.enc.json", "json", "\t\t\"version\": \"3.13.1\",\n"},
        {"sops-upstream_format.enc.env", "dotenv", "sops_version=3.13.1\n"},
        {"sops-upstream_format.enc.ini", "ini", "version                     = 3.13.2\n"},
    };

    private Cli cli() {
        return new Cli().dir(tmp).env("SOPS_AGE_KEY_FILE", SharedTestData.sopsNixAgeKeys().toString());
    }

    private Path withoutVersion(String name, String versionLine) throws Exception {
        String original = Files.readString(SharedTestData.corpusDir().resolve("age-rewrapped").resolve(name));
        assertTrue(original.contains(versionLine), name + " has no line " + versionLine);
        Path copy = tmp.resolve(name);
        Files.writeString(copy, original.replace(versionLine, ""));
        return copy;
    }

    @Test
    void versionlessFilesOpenAsTheOriginalsDo() throws Exception {
        for (String[] f : FILES) {
            Path original = SharedTestData.corpusDir().resolve("age-rewrapped").resolve(f[0]);
            Path copy = withoutVersion(f[0], f[2]);
            Cli.Result expected = cli().run("decrypt", "--input-type", f[1], "--output-type", f[1], original.toString());
            assertEquals(0, expected.exit(), f[0] + ": " + expected);
            Cli.Result actual = cli().run("decrypt", "--input-type", f[1], "--output-type", f[1], copy.toString());
            assertEquals(0, actual.exit(), f[0] + ": " + actual);
            assertEquals(expected.stdout(), actual.stdout(), f[0]);
        }
    }

    @Test
    void theMacStillAuthenticatesAVersionlessFile() throws Exception {
        Path copy = withoutVersion("sops-upstream_format.enc.env", "sops_version=3.13.1\n");
        String text = Files.readString(copy);
        // one value removed: every other value still decrypts, the MAC (over all values) does not match
        String firstLine = text.substring(0, text.indexOf('\n') + 1);
        assertTrue(firstLine.contains("=ENC["), firstLine);
        Files.writeString(copy, text.substring(firstLine.length()));
        Cli.Result r = cli().run("decrypt", copy.toString());
        assertEquals(51, r.exit(), r.toString());
        assertTrue(r.stderr().contains("MAC"), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void filestatusKeepsSopsAnswerAndARewriteStampsOurVersion() throws Exception {
        Path copy = withoutVersion("sops-upstream_example.yaml", "    version: 3.10.2\n");
        // sops' filestatus: metadata without a version is not reported as encrypted
        assertEquals("{\"encrypted\":false}\n", cli().run("filestatus", copy.toString()).stdout());
        Cli.Result set = cli().run("set", copy.toString(), "[\"new_key\"]", "\"new value\"");
        assertEquals(0, set.exit(), set.toString());
        assertTrue(Files.readString(copy).contains("    version: 3.13.2\n"), Files.readString(copy));
        assertEquals("{\"encrypted\":true}\n", cli().run("filestatus", copy.toString()).stdout());
        assertEquals("new value", cli().run("decrypt", "--extract", "[\"new_key\"]", copy.toString()).stdout());
    }
}
