package io.cloudwego.kitex.retry;

import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.testing.NamedService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link NamedService} server on loopback that answers with its name through {@code behaviour}
 * and records what each request brought.
 */
final class NamedServer implements AutoCloseable {
    /** What the server does with its {@code n}-th request (1 for the first). */
    @FunctionalInterface
    interface Behaviour {
        String answer(String name, int n) throws InterruptedException;
    }

    final String name;
    final KitexServer server;
    final AtomicInteger requests = new AtomicInteger();
    /** The {@link RetryPolicy#RETRY_MARKER} value of each request, {@code "-"} when it had none. */
    final List<String> retryMarkers = new CopyOnWriteArrayList<>();

    NamedServer(String name, Behaviour behaviour) {
        this(name, 0, behaviour);
    }

    /** A server bound to {@code port} on loopback, 0 for any free one. */
    NamedServer(String name, int port, Behaviour behaviour) {
        this.name = name;
        this.server = KitexServer.builder().host("127.0.0.1").port(port)
            .service(NamedService.DESCRIPTOR, () -> {
                int n = requests.incrementAndGet();
                String marker = Metainfo.current().persistentValue(RetryPolicy.RETRY_MARKER);
                retryMarkers.add(marker == null ? "-" : marker);
                return behaviour.answer(name, n);
            })
            .build().start();
    }

    /** A server that answers at once. */
    static NamedServer answering(String name) {
        return new NamedServer(name, (n, i) -> n);
    }

    /** A server that answers after {@code delay}. */
    static NamedServer slow(String name, Duration delay) {
        return slow(name, 0, delay);
    }

    /** A server on {@code port} (0 for any free one) that answers after {@code delay}. */
    static NamedServer slow(String name, int port, Duration delay) {
        return new NamedServer(name, port, (n, i) -> {
            Thread.sleep(delay.toMillis());
            return n;
        });
    }

    /** A server whose handler always throws, so that every call fails with an application exception. */
    static NamedServer failing(String name) {
        return new NamedServer(name, (n, i) -> {
            throw new IllegalStateException(n + " fails");
        });
    }

    String address() {
        return "127.0.0.1:" + server.port();
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** An address on loopback nothing listens on: connections to it are refused. */
    static String deadAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(Duration.ZERO);
    }
}
