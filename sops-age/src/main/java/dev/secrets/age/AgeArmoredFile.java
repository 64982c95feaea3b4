package dev.secrets.age;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/** Encrypts to and decrypts from an armored age file (jagged's armored channel factories). */
final class AgeArmoredFile {
    private AgeArmoredFile() {
    }

    /** An armored age file with the stanza(s) of one writer, holding {@code plaintext}. */
    static String encrypt(RecipientStanzaWriter writer, byte[] plaintext) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(400);
        try (WritableByteChannel ch = new ArmoredEncryptingChannelFactory()
                .newEncryptingChannel(Channels.newChannel(out), List.of(writer))) {
            ByteBuffer buf = ByteBuffer.wrap(plaintext);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * The plaintext of an armored age file, opened by {@code reader}.
     *
     * @throws com.exceptionfactory.jagged.UnsupportedRecipientStanzaException when the reader
     *         matches no stanza
     */
    static byte[] decrypt(String armored, RecipientStanzaReader reader) throws GeneralSecurityException, IOException {
        // age's armor reader tolerates surrounding whitespace and \r before \n; jagged wants the text
        // to start at the BEGIN line.
        byte[] in = (armored.strip().replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (ReadableByteChannel ch = new ArmoredDecryptingChannelFactory()
                .newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(in)), List.of(reader))) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
        }
        return out.toByteArray();
    }
}
