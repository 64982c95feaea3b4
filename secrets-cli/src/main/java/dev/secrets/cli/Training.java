package dev.secrets.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's training run: the everyday verbs once each, in one JVM, on the bundled example
 * (opened with its throwaway key), so that the class-data archive made from this run holds what
 * they load. Output goes wherever the launcher sends it (nowhere); nothing is written to disk.
 * Exits non-zero if a step failed, as an archive trained on an error path would miss classes.
 * {@code java -cp secrets.jar dev.secrets.cli.Training EXAMPLE_DIR}
 */
public final class Training {
    private Training() {
    }

    static List<List<String>> steps(Path example) {
        String caddy = example.toAbsolutePath().resolve("caddy").toString();
        return List.of(
                List.of("decrypt", caddy, "--stdout"),
                List.of("decrypt", "--input-type", "dotenv", "--output-type", "dotenv", caddy + "/.env.enc"),
                List.of("encrypt", "--input-type", "dotenv", "--output-type", "dotenv", caddy + "/.env.example"),
                List.of("deploy", caddy, "--dry-run"));
    }

    public static void main(String[] args) throws java.io.IOException {
        // the audit log is written as in a real run (its classes belong in the archive), to a throwaway file
        Path auditDir = java.nio.file.Files.createTempDirectory("secrets-training-");
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("SECRETS_AUDIT_LOG", auditDir.resolve("audit.log").toString());
        env.remove("SECRETS_AUDIT");
        int exit = 0;
        try {
            for (List<String> step : steps(Path.of(args[0]))) {
                exit = Main.run(Context.of(System.in, System.out, System.err, env, Path.of("")), step.toArray(String[]::new));
                if (exit != 0) {
                    System.err.println("secrets training: '" + step.get(0) + "' exited " + exit);
                    break;
                }
            }
        } finally {
            dev.secrets.sops.files.FileTrees.delete(auditDir);
        }
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
