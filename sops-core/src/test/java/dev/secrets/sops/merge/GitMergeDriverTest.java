package dev.secrets.sops.merge;

import dev.secrets.sops.keys.Identity;
import dev.secrets.sops.stores.Format;
import dev.secrets.sops.testing.TestKey;
import dev.secrets.sops.tree.Branch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static dev.secrets.sops.merge.MergeFixtures.edit;
import static dev.secrets.sops.merge.MergeFixtures.encrypt;
import static dev.secrets.sops.merge.MergeFixtures.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The merge as git runs it: {@code merge.sops.driver} calls {@link TestMergeDriver} in a new JVM on
 * git's %O %A %B %P temp files, for {@code *.enc merge=sops}, during a real {@code git merge}.
 */
class GitMergeDriverTest {
    static final String FILE = "secrets.yaml.enc";
    static final String YAML = """
            db:
                password: base-db-secret
                port: 5432
            api:
                token: base-token
            """;

    @TempDir
    Path repo;
    final TestKey key = TestKey.generate();
    final List<Identity> ids = List.of(key);

    @BeforeEach
    void repository() throws Exception {
        assumeGit();
        git("init", "-q", "-b", "main");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        git("config", "merge.sops.name", "sops files, merged by key");
        git("config", "merge.sops.driver", "'" + java + "' " + TestMergeDriver.class.getName() + " %O %A %B %P");
        Files.writeString(repo.resolve(".gitattributes"), "*.enc merge=sops\n");
        Files.write(repo.resolve(FILE), encrypt(YAML, Format.YAML, key));
        git("add", ".");
        git("commit", "-q", "-m", "base");
    }

    @Test
    void branchesChangingDifferentKeysMerge() throws Exception {
        commitOn("feature", d -> ((Branch) d.get("api")).put("token", "theirs-token"));
        commitOn("main", d -> ((Branch) d.get("db")).put("password", "ours-db-secret"));

        Result merge = git("merge", "--no-edit", "feature");

        assertEquals(0, merge.exit, merge.output);
        byte[] merged = Files.readAllBytes(repo.resolve(FILE));
        Map<String, Object> plain = open(merged, Format.YAML, ids);
        assertEquals(Map.of("password", "ours-db-secret", "port", 5432L), plain.get("db"));
        assertEquals(Map.of("token", "theirs-token"), plain.get("api"));
        assertEquals("", git("status", "--porcelain").output, "merged and committed");
        assertEquals(new String(merged, StandardCharsets.UTF_8), git("show", "HEAD:" + FILE).output);
    }

    @Test
    void aConflictStopsTheMergeAndLeavesOursInPlace() throws Exception {
        commitOn("feature", d -> ((Branch) d.get("db")).put("password", "theirs-db-secret"));
        commitOn("main", d -> ((Branch) d.get("db")).put("password", "ours-db-secret"));
        byte[] ours = Files.readAllBytes(repo.resolve(FILE));

        Result merge = git("merge", "--no-edit", "feature");

        assertNotEquals(0, merge.exit);
        assertTrue(merge.output.contains(FILE + ": conflict at [\"db\"][\"password\"]"), merge.output);
        assertTrue(merge.output.contains("CONFLICT"), merge.output);
        assertTrue(!merge.output.contains("db-secret"), "no value in git's output: " + merge.output);
        assertArrayEquals(ours, Files.readAllBytes(repo.resolve(FILE)), "git leaves the driver's untouched %A");
    }

    /** Checks out (creating if needed) the branch and commits an edit of the file. */
    private void commitOn(String branch, Consumer<Branch> change) throws Exception {
        Result checkout = git("checkout", "-q", branch);
        if (checkout.exit != 0) {
            git("checkout", "-q", "-b", branch);
        }
        Path file = repo.resolve(FILE);
        Files.write(file, edit(Files.readAllBytes(file), Format.YAML, ids, change));
        git("commit", "-q", "-am", "edit on " + branch);
    }

    private record Result(int exit, String output) {
    }

    private Result git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", repo.toString()); // no user configuration
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.invalid");
        env.put("GIT_COMMITTER_NAME", "test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.invalid");
        env.put("CLASSPATH", System.getProperty("java.class.path")); // for the driver's JVM
        env.put("MERGE_TEST_KEY", key.secretHex());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
    }

    private static void assumeGit() {
        boolean present;
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present) {
            System.err.println("SKIPPED: git is not installed; the merge driver test needs it");
        }
        assumeTrue(present, "git is not installed");
    }
}
