package dev.secrets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secrets.cli.keys.RotateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secrets completion bash|zsh|fish}: the scripts are loaded by the real shells and asked what
 * they complete; the expected verbs and options are read from the same declarations the parser uses.
 * The hidden {@code secrets __complete services} runs as a child JVM through a {@code secrets} on PATH.
 */
class CompletionTest {
    @TempDir
    Path tmp;
    Path repo;
    Path bin;

    @BeforeEach
    void setUp() throws IOException {
        repo = tmp.resolve("repo");
        new TestRepo(repo);
        for (String service : List.of("caddy", "stacks/db", "node_modules/pkg", "target/copy")) {
            Files.createDirectories(repo.resolve(service));
            Files.writeString(repo.resolve(service).resolve(".env.enc"), "");
        }
        Files.createDirectories(repo.resolve("notes"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        Path launcher = bin.resolve("secrets");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' dev.secrets.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    }

    private Path script(String shell) throws IOException {
        Cli.Result r = new Cli().dir(repo).run("completion", shell);
        assertEquals(0, r.exit(), r.toString());
        Path file = tmp.resolve("secrets." + shell);
        Files.writeString(file, r.stdout());
        return file;
    }

    /** What bash completes for each line (cursor at its end), one result line per input line: words joined by '|'. */
    private List<String> bash(String... lines) throws Exception {
        Path script = script("bash");
        StringBuilder program = new StringBuilder("source '" + script + "'\n");
        program.append("t() { COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _secrets;"
                + " local IFS='|'; echo \"${COMPREPLY[*]}\"; }\n");
        for (String line : lines) {
            program.append("t '").append(line).append("'\n");
        }
        return run(List.of("bash", "--norc", "--noprofile", "-c", program.toString()));
    }

    private List<String> run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().keySet().removeIf(k -> k.startsWith("SECRETS_") || k.startsWith("SOPS_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "shell timed out");
        assertEquals(0, p.exitValue(), out);
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
    }

    private static String sortedSet(String joined) {
        return String.join("|", new java.util.TreeSet<>(Arrays.asList(joined.split("\\|"))));
    }

    @Test
    void bashCompletesVerbsOptionsValuesAndServices() throws Exception {
        List<String> out = bash(
                "secrets ",
                "secrets enc",
                "secrets --verbose rot",
                "secrets git ",
                "secrets rotate -",
                "secrets decrypt --input-type ",
                "secrets decrypt --input-type=j",
                "secrets decrypt --output-type json --in",
                "secrets deploy ",
                "secrets deploy st",
                "secrets list caddy ",
                "secrets list --root stacks ",
                "secrets list --root=stacks ",
                "secrets completion ",
                "secrets deploy caddy -- --pu");
        Set<String> heads = new LinkedHashSet<>();
        for (String[] v : Main.verbs()) {
            heads.add(v[0].split(" ")[0]);
        }
        assertEquals(String.join("|", heads), out.get(0));
        assertTrue(out.get(0).contains("encrypt|decrypt|edit|deploy|"), out.get(0));
        assertEquals("encrypt", out.get(1));
        assertEquals("rotate", out.get(2));
        assertEquals("merge|textconv", out.get(3));
        // every option rotate declares, and those every verb has
        List<String> declared = new ArrayList<>();
        Context ctx = Context.of(System.in, System.out, System.err, java.util.Map.of(), repo);
        new RotateCommand(ctx).syntax().optionSpecs().forEach(o -> declared.addAll(o.names()));
        assertTrue(declared.containsAll(List.of("--all", "--input-type", "--root", "--help", "--verbose")), declared.toString());
        assertEquals(sortedSet(String.join("|", declared)), sortedSet(out.get(4)));
        assertEquals("yaml|json|dotenv|ini|binary", out.get(5));
        assertEquals("json", out.get(6));
        assertEquals("--input-type|--indent|--in-place", out.get(7));
        // services under the root as the service verbs find them (node_modules and target skipped)
        assertEquals("caddy|stacks/db", out.get(8));
        assertEquals("stacks/db", out.get(9));
        assertEquals("caddy|stacks/db", out.get(10));
        assertEquals("db", out.get(11));
        assertEquals("db", out.get(12));
        assertEquals("bash|zsh|fish", out.get(13));
        assertEquals("", out.get(14)); // compose's arguments after --: bash's default completion
    }

    @Test
    void bashRegistersTheFunctionAndOffersFilesBesideServices() throws Exception {
        Path script = script("bash");
        List<String> out = run(List.of("bash", "--norc", "--noprofile", "-c", "source '" + script + "'; complete -p secrets;"
                + " COMP_LINE='secrets decrypt not'; COMP_POINT=${#COMP_LINE}; _secrets; echo \"${COMPREPLY[*]}\";"
                + " COMP_LINE='secrets keygen -o not'; COMP_POINT=${#COMP_LINE}; _secrets; echo \"${COMPREPLY[*]}\""));
        assertEquals("complete -F _secrets secrets", out.get(0));
        assertEquals("notes", out.get(1));
        assertEquals("notes", out.get(2));
    }

    @Test
    void fishCompletesTheSame() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        Path script = script("fish");
        List<String> out = run(List.of("fish", "--no-config", "-c", "source '" + script + "';"
                + " for l in 'secrets enc' 'secrets decrypt --input-type ' 'secrets deploy ' 'secrets git ';"
                + " complete -C \"$l\" | string split -f1 \\t | string join '|'; end"));
        assertEquals(List.of("encrypt", "binary|dotenv|ini|json|yaml", "caddy|stacks/db", "merge|textconv"), out);
    }

    @Test
    void zshLoadsAndRegistersTheFunction() throws Exception {
        assumeTrue(onPath("zsh"), "zsh is not installed");
        Path script = script("zsh");
        List<String> out = run(List.of("zsh", "-f", "-c", "autoload -Uz compinit && compinit -u -D && source '" + script
                + "' && print -r -- $_comps[secrets] && functions _secrets_services >/dev/null && echo ok"));
        assertEquals(List.of("_secrets", "ok"), out);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        System.err.println("SKIPPED: " + program + " is not installed (.ci/run installs it)");
        return false;
    }
}
