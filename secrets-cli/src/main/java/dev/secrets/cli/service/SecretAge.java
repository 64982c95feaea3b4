package dev.secrets.cli.service;

import dev.secrets.cli.Context;
import dev.secrets.sops.Sops;
import dev.secrets.sops.files.AtomicFile;
import dev.secrets.sops.metadata.Metadata;
import dev.secrets.sops.stores.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * When each value of a dotenv sops file last changed, without decrypting: an unchanged value keeps
 * its ciphertext, so the line {@code KEY=ENC[...]} changes exactly when the value does (or when the
 * data key is rotated). In a git work tree it is the date of the newest commit that added the
 * current line; a line no commit holds yet (an uncommitted change), and any file outside git, get
 * the file's {@code sops_lastmodified}.
 */
final class SecretAge {
    private SecretAge() {
    }

    /** Each key's last change; keys whose time cannot be told are absent. */
    static Map<String, Instant> of(Context ctx, Path file, Store store) {
        byte[] bytes = AtomicFile.read(file);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#") && !line.startsWith("sops_")) {
                lines.putIfAbsent(line.substring(0, eq), line);
            }
        }
        Instant modified = lastModified(bytes, store);
        Map<String, Instant> out = new LinkedHashMap<>();
        Map<String, String> open = new HashMap<>(lines);
        gitLog(ctx, file, (commitTime, added) -> {
            for (Map.Entry<String, String> e : List.copyOf(open.entrySet())) {
                if (e.getValue().equals(added)) {
                    out.put(e.getKey(), commitTime);
                    open.remove(e.getKey());
                }
            }
            return !open.isEmpty();
        });
        for (String key : lines.keySet()) {
            if (!out.containsKey(key) && modified != null) {
                out.put(key, modified);
            }
        }
        return out;
    }

    private static Instant lastModified(byte[] bytes, Store store) {
        try {
            Metadata md = Sops.metadata(bytes, store);
            return md == null || md.lastModified() == null ? null : OffsetDateTime.parse(md.lastModified()).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    interface AddedLine {
        /** One added line of a commit (newest commits first); false stops the walk. */
        boolean accept(Instant commitTime, String line);
    }

    /**
     * {@code git log -p} of the file, newest first, as its raw bytes: no textconv (the sops diff
     * driver would decrypt), no external diff. Nothing happens outside a work tree or without git.
     */
    private static void gitLog(Context ctx, Path file, AddedLine sink) {
        Path abs = file.toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of("git", "-C", abs.getParent().toString(), "log", "--format=%x00%ct",
                "-p", "--unified=0", "--no-color", "--no-textconv", "--no-ext-diff", "--", abs.getFileName().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(ctx.env());
        pb.environment().keySet().removeIf(k -> k.startsWith("SOPS_AGE_") || k.startsWith("SOPS_PGP_"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return; // no git: lastmodified it is
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            Instant commit = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("\0")) {
                    commit = Instant.ofEpochSecond(Long.parseLong(line.substring(1).trim()));
                } else if (commit != null && line.startsWith("+") && !line.startsWith("+++")) {
                    if (!sink.accept(commit, line.substring(1))) {
                        break;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // an unreadable log leaves the rest to lastmodified
        } finally {
            p.destroy();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
