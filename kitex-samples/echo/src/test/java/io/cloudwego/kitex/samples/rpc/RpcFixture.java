package io.cloudwego.kitex.samples.rpc;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.server.KitexServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts servers on 127.0.0.1 (ephemeral ports) and builds clients with settings fit for a busy
 * test machine, and closes them all after the test (instance field) or the class (static field):
 *
 * <pre>{@code
 * @RegisterExtension
 * final RpcFixture rpc = new RpcFixture();
 * ...
 * KitexServer server = rpc.server(b -> b.service(TestServices.TEST_SERVICE, impl));
 * KitexClient client = rpc.client(server, Transport.TTHEADER, PoolType.LONG);
 * }</pre>
 */
final class RpcFixture implements AfterEachCallback, AfterAllCallback {
    /** The name clients use for the service they call (sent as the to-service). */
    static final String SERVER_NAME = "test-server";
    /** Connect timeout of fixture clients: Kitex's 50 ms default is too tight on a loaded machine. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** RPC timeout of fixture clients unless a test sets one: only there so that a hang fails. */
    static final Duration SAFETY_RPC_TIMEOUT = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final boolean closeAfterEachTest;

    private RpcFixture(boolean closeAfterEachTest) {
        this.closeAfterEachTest = closeAfterEachTest;
    }

    /** A fixture whose servers and clients are closed after each test. */
    static RpcFixture perTest() {
        return new RpcFixture(true);
    }

    /** A fixture whose servers and clients are closed after the test class. */
    static RpcFixture perClass() {
        return new RpcFixture(false);
    }

    /** Starts a server on an ephemeral port of 127.0.0.1, configured by {@code config}. */
    KitexServer server(Consumer<KitexServer.Builder> config) {
        KitexServer.Builder builder = KitexServer.builder()
            .host("127.0.0.1")
            .port(0)
            .exitWaitTime(Duration.ofSeconds(2));
        config.accept(builder);
        KitexServer server = builder.build().start();
        register(() -> server.stop(Duration.ofSeconds(2)));
        return server;
    }

    /** Starts a server of TestService implemented by {@code impl}. */
    KitexServer server(TestServices.TestService impl) {
        return server(b -> b.service(TestServices.TEST_SERVICE, impl));
    }

    /** A TestService client of {@code server}. */
    KitexClient client(KitexServer server, Transport transport, PoolType pool) {
        return client(server, TestServices.TEST_SERVICE, b -> b.transport(transport).pool(pool));
    }

    /**
     * A client of {@code service} on {@code server}: TTHeaderFramed, multiplexed, 5 s connect
     * timeout and a 30 s safety RPC timeout, then whatever {@code config} changes.
     */
    KitexClient client(KitexServer server, ServiceDescriptor<?> service, Consumer<KitexClient.Builder> config) {
        return client(server.port(), service, config);
    }

    /** A client of {@code service} on port {@code port} of 127.0.0.1; see {@link #client(KitexServer, ServiceDescriptor, Consumer)}. */
    KitexClient client(int port, ServiceDescriptor<?> service, Consumer<KitexClient.Builder> config) {
        KitexClient.Builder builder = KitexClient.builder(SERVER_NAME, service)
            .addresses("127.0.0.1:" + port)
            .connectTimeout(CONNECT_TIMEOUT)
            .rpcTimeout(SAFETY_RPC_TIMEOUT);
        config.accept(builder);
        KitexClient client = builder.build();
        register(client);
        return client;
    }

    /** Closes {@code resource} with the others, before those registered earlier. */
    <T extends AutoCloseable> T register(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (closeAfterEachTest) {
            closeAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeAll();
    }

    private void closeAll() throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable resource;
            synchronized (resources) {
                resource = resources.poll();
            }
            if (resource == null) {
                break;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes; returns whether it held. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Milliseconds since {@code startNanos}. */
    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
