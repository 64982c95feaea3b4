package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether a plaintext {@code .env} would be ignored by git: {@code git check-ignore} inside a git work
 * tree (the truth, global excludes included), else a simple reading of the {@code .gitignore} files
 * from the repo root down (plain globs, {@code !} negation, last match wins).
 */
final class GitIgnoreCheck {
    /** The answer and how it was found, for the finding's message. */
    record Result(boolean ignored, boolean tracked, String method) {
    }

    private final Map<String, String> env;
    private final Path root;
    private final Path gitTop;

    GitIgnoreCheck(Context ctx, Path root) {
        this.env = ctx.env();
        this.root = root;
        this.gitTop = gitTopLevel(root);
    }

    boolean inGitRepo() {
        return gitTop != null;
    }

    Result check(Path file) {
        if (gitTop != null) {
            String rel = gitTop.relativize(file.toAbsolutePath().normalize()).toString();
            // --no-index: judge by the patterns even when the file is tracked (tracked is reported apart)
            int ignored = git(gitTop, "check-ignore", "-q", "--no-index", "--", rel);
            if (ignored == 0 || ignored == 1) {
                boolean tracked = git(gitTop, "ls-files", "--error-unmatch", "--", rel) == 0;
                return new Result(ignored == 0, tracked, "git check-ignore");
            }
        }
        return new Result(parsedIgnores(file), false, "read from .gitignore files; not a git work tree");
    }

    private Path gitTopLevel(Path dir) {
        try {
            Process p = withEnv(new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--show-toplevel"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && !out.isEmpty() ? Path.of(out).toAbsolutePath().normalize() : null;
        } catch (IOException e) {
            return null; // no git binary: fall back to reading .gitignore
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** git sees the user's environment (HOME for global excludes, GIT_* settings). */
    private ProcessBuilder withEnv(ProcessBuilder pb) {
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    private int git(Path top, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", top.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = withEnv(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 128;
            }
            return p.exitValue();
        } catch (IOException e) {
            return 128;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 128;
        }
    }

    /** The .gitignore files from the root down to the file's folder, applied in order; the last match wins. */
    boolean parsedIgnores(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> dirs = new ArrayList<>();
        for (Path d = abs.getParent(); d != null && d.startsWith(root); d = d.getParent()) {
            dirs.add(0, d);
        }
        boolean ignored = false;
        for (Path dir : dirs) {
            Path gi = dir.resolve(".gitignore");
            if (!Files.isRegularFile(gi)) {
                continue;
            }
            String rel = dir.relativize(abs).toString();
            try {
                for (String raw : Files.readAllLines(gi, StandardCharsets.UTF_8)) {
                    String line = raw.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    boolean negate = line.startsWith("!");
                    String pattern = negate ? line.substring(1) : line;
                    if (pattern.endsWith("/")) {
                        continue; // folders only; our target is a file
                    }
                    if (matches(pattern, rel)) {
                        ignored = !negate;
                    }
                }
            } catch (IOException e) {
                // unreadable .gitignore: git could not use it either
            }
        }
        return ignored;
    }

    /** gitignore globs: no slash = any file name at any depth; a slash = the path from the .gitignore's folder. */
    static boolean matches(String pattern, String relative) {
        String p = pattern;
        if (p.startsWith("**/")) {
            p = p.substring(3);
        }
        if (!p.contains("/")) {
            String name = Path.of(relative).getFileName().toString();
            return glob(p, name);
        }
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        return glob(p, relative);
    }

    private static boolean glob(String pattern, String text) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(text));
        } catch (IllegalArgumentException e) {
            return false; // a pattern Java's glob cannot read
        }
    }
}
