package dev.secrets.age;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Opens an armored age file with one identity and prints the plaintext in hex: run by
 * {@link AgePluginTest} in a child JVM under a pseudo-terminal ({@code script}) so that a plugin's
 * question is asked on {@code /dev/tty}. Args: the armored file, the identities file.
 */
public final class PluginPinMain {
    private PluginPinMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            byte[] plain = AgeArmoredFile.decrypt(Files.readString(Path.of(args[0])),
                    new AnyIdentityReader(AgeKeyFile.parse(Files.readString(Path.of(args[1])))));
            System.out.println(HexFormat.of().formatHex(plain));
        } catch (Exception e) {
            System.out.println("ERROR " + e.getMessage());
            System.exit(128);
        }
    }
}
