package dev.secrets.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's training run: the everyday verbs once each, in one JVM, on the bundled example
 * (opened with its throwaway key), so that the class-data archive made from this run holds what
 * they load. A post-quantum round trip (keygen --pq, encrypt to it, decrypt with it) is included:
 * without it ML-KEM's classes are loaded from the jar at every start, about 25 ms (bench/startup.sh
 * row 1p). Output goes wherever the launcher sends it (nowhere); the example is not changed, and
 * what is written (the PQ key, its file, the audit log) lives in a temporary folder removed at the end.
 * Exits non-zero if a step failed, as an archive trained on an error path would miss classes.
 * {@code java -cp secrets.jar dev.secrets.cli.Training EXAMPLE_DIR}
 */
public final class Training {
    private Training() {
    }

    /** One run of Main: its arguments and the variables it adds to the environment. */
    record Step(List<String> args, Map<String, String> env) {
        static Step of(String... args) {
            return new Step(List.of(args), Map.of());
        }
    }

    static List<Step> steps(Path example, Path work) {
        String caddy = example.toAbsolutePath().resolve("caddy").toString();
        String pqKey = work.resolve("pq-key.txt").toString();
        String pqFile = work.resolve("pq.env.enc").toString();
        return List.of(
                Step.of("decrypt", caddy, "--stdout"),
                Step.of("decrypt", "--input-type", "dotenv", "--output-type", "dotenv", caddy + "/.env.enc"),
                Step.of("encrypt", "--input-type", "dotenv", "--output-type", "dotenv", caddy + "/.env.example"),
                Step.of("deploy", caddy, "--dry-run"),
                Step.of("keygen", "--pq", "-o", pqKey),
                // the recipient is read from the key file once keygen has written it (see run)
                new Step(List.of("encrypt", "--input-type", "dotenv", "--output-type", "dotenv", "--output", pqFile,
                        "--age", "@" + pqKey, caddy + "/.env.example"), Map.of()),
                new Step(List.of("decrypt", "--input-type", "dotenv", "--output-type", "dotenv", pqFile),
                        Map.of("SOPS_AGE_KEY_FILE", pqKey)));
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("secrets-training-");
        Map<String, String> env = new HashMap<>(System.getenv());
        // the audit log is written as in a real run (its classes belong in the archive), to a throwaway file
        env.put("SECRETS_AUDIT_LOG", work.resolve("audit.log").toString());
        env.remove("SECRETS_AUDIT");
        int exit = 0;
        try {
            for (Step step : steps(Path.of(args[0]), work)) {
                Map<String, String> stepEnv = new HashMap<>(env);
                stepEnv.putAll(step.env());
                String[] argv = step.args().stream().map(Training::resolveRecipient).toArray(String[]::new);
                exit = Main.run(Context.of(System.in, System.out, System.err, stepEnv, Path.of("")), argv);
                if (exit != 0) {
                    System.err.println("secrets training: '" + step.args().get(0) + "' exited " + exit);
                    break;
                }
            }
        } finally {
            dev.secrets.sops.files.FileTrees.delete(work);
        }
        // as Main does: System.exit (since JDK 21) initialises the platform logger to report the
        // exit, about 30 classes that would otherwise be missing from the archive
        System.exit(exit);
    }

    /** "@KEYFILE" stands for the public key age-keygen writes into KEYFILE's "# public key:" line. */
    private static String resolveRecipient(String arg) {
        if (!arg.startsWith("@")) {
            return arg;
        }
        try {
            for (String line : Files.readAllLines(Path.of(arg.substring(1)))) {
                if (line.startsWith("# public key: ")) {
                    return line.substring("# public key: ".length()).trim();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no public key line in " + arg.substring(1));
    }
}
