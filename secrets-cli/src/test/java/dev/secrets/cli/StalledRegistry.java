package dev.secrets.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A "registry" on 127.0.0.1 that accepts connections and never answers, so a pull from it hangs in
 * the TLS handshake: compose stays inside {@code up} for as long as a test needs, and the first
 * connection tells the test that compose has got that far.
 */
final class StalledRegistry implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();
    private final CountDownLatch connected = new CountDownLatch(1);

    StalledRegistry() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalled-registry");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An image reference on this registry. */
    String image(String name) {
        return "127.0.0.1:" + server.getLocalPort() + "/" + name + ":1";
    }

    boolean awaitConnection(long seconds) throws InterruptedException {
        return connected.await(seconds, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (held) {
                    held.add(s);
                }
                connected.countDown();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
