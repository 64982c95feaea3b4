package dev.secrets.cli;

import dev.secrets.age.AgeKeygen;
import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;

/** {@code secrets keygen [-o FILE]}: a new age identity in age-keygen's exact format. */
final class KeygenCommand implements Verb {
    Path output;

    @Override
    public Syntax syntax() {
        return new Syntax("keygen",
                "Generate an age X25519 identity, as age-keygen writes it.",
                "With -o the file is created 0600 (never overwritten) and the public key goes to stderr;",
                "without, the key goes to stdout.")
                .option("-o, --output", "FILE", "write the identity to this new file", v -> output = Path.of(v));
    }

    @Override
    public Integer call() throws IOException {
        AgeKeygen key = AgeKeygen.generate();
        byte[] text = key.render().getBytes(StandardCharsets.UTF_8);
        if (output == null) {
            OutputOptions.writeStdout(text);
            return 0;
        }
        createExclusive(output, text);
        java.util.Arrays.fill(text, (byte) 0); // the secret key
        System.err.println("Public key: " + key.publicKey());
        return 0;
    }

    /**
     * Writes a complete 0600 temp file, then hard-links it to the name: the link fails if the name
     * exists (even when created a moment ago), and a crash never leaves half a key under the name.
     */
    static void createExclusive(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw refused(target);
        }
        Path tmp = AtomicFile.tempFile(dir, target.getFileName().toString()); // 0600; a killed run's is swept
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                throw refused(target);
            }
            AtomicFile.syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static SopsException refused(Path target) {
        return new SopsException(ExitCodes.COULD_NOT_WRITE_OUTPUT_FILE, target + ": already exists, not overwriting it");
    }
}
