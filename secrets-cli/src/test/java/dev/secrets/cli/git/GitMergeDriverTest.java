package dev.secrets.cli.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secrets.cli.Cli;
import dev.secrets.cli.ServiceRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain `git merge` of encrypted files through `secrets git merge` as the configured merge driver. */
class GitMergeDriverTest {
    @TempDir
    Path tmp;
    private ServiceRepo repo;
    private Path root;

    @BeforeEach
    void gitRepo() throws Exception {
        assumeTrue(gitInstalled(), "git");
        repo = new ServiceRepo(tmp);
        root = repo.repo.root;
        Path driver = tmp.resolve("secrets-driver");
        Files.writeString(driver, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' dev.secrets.cli.Main git merge \"$@\"\n");
        Files.setPosixFilePermissions(driver, PosixFilePermissions.fromString("rwx------"));
        git("init", "-q", "-b", "main");
        git("config", "user.email", "t@example.com");
        git("config", "user.name", "t");
        git("config", "merge.sops.driver", driver + " %O %A %B %P");
        repo.repo.write(".gitattributes", "*.enc merge=sops\n*.enc.yaml merge=sops\n");
        repo.service("caddy", "A=1\nB=2\nC=3\n");
        git("add", "-A");
        git("commit", "-q", "-m", "base");
    }

    private static boolean gitInstalled() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            System.err.println("SKIPPED: git is not installed; GitMergeDriverTest not run");
            return false;
        }
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("SOPS_AGE_KEY_FILE", repo.keyFile.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0 && !args[0].equals("merge")) {
            throw new AssertionError("git " + String.join(" ", args) + ": " + out);
        }
        return code + "\n" + out;
    }

    private void onBranch(String branch, String from, String... setArgs) throws Exception {
        git("checkout", "-q", "-b", branch, from);
        Cli.Result r = repo.cli().run(setArgs);
        assertEquals(0, r.exit(), r.toString());
        git("commit", "-q", "-am", branch);
    }

    @Test
    void differentKeysChangedOnTwoBranchesMergeToBoth() throws Exception {
        onBranch("left", "main", "set", "caddy", "A", "\"left\"");
        onBranch("right", "main", "set", "caddy", "C", "\"right\"");
        String ours = repo.read("caddy/.env.enc");
        String out = git("merge", "-q", "--no-edit", "left");
        assertTrue(out.startsWith("0\n"), out);
        Map<String, String> values = repo.values("caddy");
        assertEquals(Map.of("A", "left", "B", "2", "C", "right"), values);
        // minimal diff against ours: the one merged value line and the MAC, plus lastmodified unless
        // the merge ran within the same second as ours was written (RFC 3339, whole seconds)
        List<String> changed = changedLines(ours, repo.read("caddy/.env.enc"));
        assertTrue(changed.get(0).startsWith("A="), changed.toString());
        assertTrue(changed.stream().anyMatch(l -> l.startsWith("sops_mac=")), changed.toString());
        assertTrue(changed.stream().allMatch(l -> l.startsWith("A=") || l.startsWith("sops_mac=")
                || l.startsWith("sops_lastmodified=")), changed.toString());
        assertTrue(changed.size() <= 3, changed.toString());
    }

    @Test
    void aKeyChangedDifferentlyOnBothSidesIsAConflictAndOursIsUntouched() throws Exception {
        onBranch("left", "main", "set", "caddy", "B", "\"left\"");
        onBranch("right", "main", "set", "caddy", "B", "\"right\"");
        byte[] ours = Files.readAllBytes(root.resolve("caddy/.env.enc"));
        String out = git("merge", "--no-edit", "left");
        assertFalse(out.startsWith("0\n"), out);
        assertTrue(out.contains("[\"B\"]"), out);
        assertFalse(out.contains("left\"") && out.contains("=left"), out);
        assertArrayEquals(ours, Files.readAllBytes(root.resolve("caddy/.env.enc")), "ours changed");
        assertFalse(new String(ours, StandardCharsets.UTF_8).contains("<<<<<<<"));
    }

    /** One branch rotated the data key, the other set a value: the merge keeps both. */
    @Test
    void aRotatedBranchMergesWithOneThatSetAValue() throws Exception {
        git("checkout", "-q", "-b", "rotated", "main");
        Cli.Result rot = repo.cli().run("rotate", "caddy", "--no-backup");
        assertEquals(0, rot.exit(), rot.toString());
        git("commit", "-q", "-am", "rotate");
        onBranch("value", "main", "set", "caddy", "A", "\"new\"");
        String out = git("merge", "-q", "--no-edit", "rotated");
        assertTrue(out.startsWith("0\n"), out);
        assertEquals(Map.of("A", "new", "B", "2", "C", "3"), repo.values("caddy"));
    }

    @Test
    void yamlFilesMergeKeyByKey() throws Exception {
        repo.repo.write("app/secrets.enc.yaml", "");
        Files.delete(root.resolve("app/secrets.enc.yaml"));
        repo.repo.write("app/secrets.yaml", "db:\n  user: app\n  password: one\napi: key\n");
        Cli.Result enc = repo.cli().run("encrypt", "app/secrets.yaml", "--output", "app/secrets.enc.yaml");
        assertEquals(0, enc.exit(), enc.toString());
        Files.delete(root.resolve("app/secrets.yaml"));
        git("add", "-A");
        git("commit", "-q", "-m", "yaml");
        onBranch("left-y", "main", "set", "app/secrets.enc.yaml", "[\"db\"][\"password\"]", "\"two\"");
        onBranch("right-y", "main", "set", "app/secrets.enc.yaml", "[\"api\"]", "\"other\"");
        String out = git("merge", "-q", "--no-edit", "left-y");
        assertTrue(out.startsWith("0\n"), out);
        Cli.Result dec = repo.cli().run("decrypt", "app/secrets.enc.yaml");
        assertEquals(0, dec.exit(), dec.toString());
        assertEquals("db:\n    user: app\n    password: two\napi: other\n", dec.stdout());
        assertNotEquals("", dec.stdout());
    }

    private static List<String> changedLines(String a, String b) {
        List<String> la = a.lines().toList();
        List<String> lb = b.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
            String x = i < la.size() ? la.get(i) : "";
            String y = i < lb.size() ? lb.get(i) : "";
            if (!x.equals(y)) {
                out.add(y);
            }
        }
        return out;
    }
}
