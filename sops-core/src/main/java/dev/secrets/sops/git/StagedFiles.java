package dev.secrets.sops.git;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The files a commit would add or change, read from git's index (not the work tree, which may hold
 * other bytes): one {@code git diff --cached --raw} for the list and one {@code git cat-file --batch}
 * for every blob, whatever their number.
 */
public final class StagedFiles {
    /** Blob modes that hold file content: regular and executable files (not links, not submodules). */
    private static final List<String> FILE_MODES = List.of("100644", "100755");

    private StagedFiles() {
    }

    /**
     * Added, copied, modified and renamed regular files of the index, in git's order. A blob's
     * content is kept when it is at most {@code maxSize} bytes and {@code keep} wants its path or it
     * looks sops-encrypted; the others come without content, so a large commit is streamed through,
     * not held in memory.
     */
    public static List<StagedFile> read(Git git, long maxSize, Predicate<String> keep) {
        Git.Result diff = git.run("diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames",
                "--diff-filter=ACMR", "--no-ext-diff", "--no-color");
        if (!diff.ok()) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "git diff --cached failed: " + firstLine(diff.err()));
        }
        List<String> paths = new ArrayList<>();
        List<String> blobs = new ArrayList<>();
        String[] fields = new String(diff.out(), StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            // ":old-mode new-mode old-sha new-sha STATUS" then the path
            String[] header = fields[i].split(" ");
            if (header.length < 5 || !header[0].startsWith(":")) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "git diff --cached --raw: unexpected output");
            }
            if (FILE_MODES.contains(header[1])) {
                paths.add(fields[i + 1]);
                blobs.add(header[3]);
            }
        }
        return paths.isEmpty() ? List.of() : contents(git, paths, blobs, maxSize, keep);
    }

    private static List<StagedFile> contents(Git git, List<String> paths, List<String> blobs, long maxSize,
                                             Predicate<String> keep) {
        StringBuilder request = new StringBuilder();
        blobs.forEach(b -> request.append(b).append('\n'));
        Process p;
        try {
            p = git.start(List.of("git", "cat-file", "--batch"));
        } catch (IOException e) {
            throw new SopsException(ExitCodes.ERROR_GENERIC, "git could not be started: " + e.getMessage());
        }
        Git.Drain err = new Git.Drain(p.getErrorStream());
        Thread feeder = new Thread(() -> {
            try (OutputStream to = p.getOutputStream()) {
                to.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // git stopped reading; the reader below notices
            }
        }, "git-cat-file-stdin");
        feeder.setDaemon(true);
        feeder.start();
        List<StagedFile> out = new ArrayList<>(paths.size());
        try (InputStream in = new BufferedInputStream(p.getInputStream(), 1 << 16)) {
            for (int i = 0; i < paths.size(); i++) {
                String header = line(in); // "<sha> blob <size>" or "<sha> missing"
                String[] parts = header.split(" ");
                if (parts.length != 3 || !parts[1].equals("blob")) {
                    throw new SopsException(ExitCodes.ERROR_GENERIC, paths.get(i) + ": staged blob not readable (git cat-file: "
                            + header + ")");
                }
                long size = Long.parseLong(parts[2]);
                byte[] content = size <= maxSize ? in.readNBytes((int) size) : skip(in, size);
                if (content != null && !keep.test(paths.get(i)) && !CommitGuard.looksEncrypted(content)) {
                    content = null;
                }
                if (in.read() != '\n') {
                    throw new EOFException();
                }
                out.add(new StagedFile(paths.get(i), size, content));
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new SopsException(ExitCodes.ERROR_GENERIC, "git cat-file failed: " + firstLine(err.text()));
            }
        } catch (IOException | NumberFormatException e) {
            p.destroyForcibly();
            throw new SopsException(ExitCodes.ERROR_GENERIC, "reading staged files from git cat-file failed");
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SopsException(ExitCodes.ERROR_GENERIC, "interrupted");
        }
        return out;
    }

    private static byte[] skip(InputStream in, long size) throws IOException {
        for (long left = size; left > 0; ) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                n = 1;
            }
            left -= n;
        }
        return null;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
