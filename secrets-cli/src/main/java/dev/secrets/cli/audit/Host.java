package dev.secrets.cli.audit;

import dev.secrets.cli.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, without a DNS lookup (InetAddress.getLocalHost can wait seconds for one). */
final class Host {
    private Host() {
    }

    static String name(Context ctx) {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String n = Files.readString(kernel, StandardCharsets.UTF_8).strip();
                if (!n.isEmpty()) {
                    return n;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String env = ctx.env("HOSTNAME");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
