package io.cloudwego.kitex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One of three servers stops gracefully while a client without any retry policy calls them from
 * several threads without pause: no call fails, and once the client has seen the stopping server's
 * {@code crrst} it sends that server no new call.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GracefulStopTest {
    private static final int THREADS = 4;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    /** A server answering with its name after a millisecond, so that calls overlap the stop. */
    private static KitexServer server(String name, AtomicInteger handled) {
        return server(name, handled, new Hold());
    }

    /** As {@link #server(String, AtomicInteger)}, holding one call in its handler once {@code hold} is armed. */
    private static KitexServer server(String name, AtomicInteger handled, Hold hold) {
        return KitexServer.builder().host("127.0.0.1").port(0).exitWaitTime(EXIT_WAIT)
            .service(NamedService.DESCRIPTOR, () -> {
                handled.incrementAndGet();
                hold.holdIfArmed();
                Thread.sleep(1);
                return name;
            })
            .build().start();
    }

    /** Holds the first call a handler takes once armed, until released: a call in flight when a stop begins. */
    private static final class Hold {
        private volatile boolean armed;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void holdIfArmed() throws InterruptedException {
            if (armed && taken.compareAndSet(false, true)) {
                held.countDown();
                released.await();
            }
        }

        void armAndAwaitACall() throws InterruptedException {
            armed = true;
            assertThat(held.await(30, TimeUnit.SECONDS)).as("a call is held").isTrue();
        }

        void release() {
            released.countDown();
        }
    }

    private static String address(KitexServer server) {
        return "127.0.0.1:" + server.port();
    }

    /** Calls from {@link #THREADS} threads without pause until stopped, recording the calls that fail. */
    private static final class Load implements AutoCloseable {
        final AtomicLong calls = new AtomicLong();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        private final List<Future<?>> running = new ArrayList<>();

        Load(Runnable call) {
            for (int t = 0; t < THREADS; t++) {
                running.add(threads.submit(() -> {
                    while (!stop.get()) {
                        try {
                            call.run();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                        calls.incrementAndGet();
                    }
                }));
            }
        }

        /** Runs {@code stopping} while the load goes on, then lets 500 more calls through and stops. */
        void across(Runnable stopping) throws Exception {
            CompletableFuture.runAsync(stopping).get(EXIT_WAIT.toSeconds() + 30, TimeUnit.SECONDS);
            long callsAfterStop = calls.get();
            Eventually.await("500 calls after the stop", () -> calls.get() >= callsAfterStop + 500);
            close();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(PoolType.class)
    void aServerStoppedUnderLoadFailsNoCallOfAClientWithoutRetry(PoolType pool) throws Exception {
        List<KitexServer> servers = new ArrayList<>();
        List<AtomicInteger> handled = new ArrayList<>();
        Hold hold = new Hold();
        try {
            for (int i = 0; i < 3; i++) {
                handled.add(new AtomicInteger());
                servers.add(server("s" + i, handled.get(i), i == 0 ? hold : new Hold()));
            }
            KitexServer stopping = servers.get(0);
            InetSocketAddress stoppingAddress = new InetSocketAddress("127.0.0.1", stopping.port());
            try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                .addresses(servers.stream().map(GracefulStopTest::address).toArray(String[]::new))
                .pool(pool)
                .rpcTimeout(Duration.ofSeconds(20))
                .build()) {
                AtomicLong callsIssuedKnowingItStops = new AtomicLong();
                AtomicLong sentToTheStoppingServerKnowingItStops = new AtomicLong();
                Load load = new Load(() -> {
                    boolean knowsItStops = client.stoppingInstances().contains(stoppingAddress);
                    String name = client.callBlocking(NamedService.NAME, "");
                    if (knowsItStops) {
                        callsIssuedKnowingItStops.incrementAndGet();
                        if (name.equals("s0")) {
                            sentToTheStoppingServerKnowingItStops.incrementAndGet();
                        }
                    }
                });
                try (load) {
                    for (AtomicInteger count : handled) {
                        Eventually.await("every server handles calls", () -> count.get() >= 50);
                    }
                    // A call is in flight on s0 as it stops, so that its reply tells the client (on every
                    // pool: a short connection has no idle time for a control frame to come in).
                    hold.armAndAwaitACall();
                    load.across(() -> {
                        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> stopping.stop(EXIT_WAIT));
                        Eventually.await("s0 refuses connections: it is draining", () -> refusesConnections(stoppingAddress));
                        hold.release();
                        stopped.join();
                    });
                }

                assertThat(load.failures).as("calls that failed").isEmpty();
                assertThat(callsIssuedKnowingItStops).as("calls issued once the client knew s0 stops").hasPositiveValue();
                assertThat(sentToTheStoppingServerKnowingItStops)
                    .as("calls s0 answered that were issued once the client knew it stops").hasValue(0);
                assertThat(client.retryBudget("name").totalRetries()).as("retries").isZero();
                assertThat(stopping.metrics().activeConnections()).isZero();
                System.out.printf("graceful stop, %s pool: %d calls, %d transparent retries; s0 handled %d%n", pool,
                    load.calls.get(), client.transparentRetries(), handled.get(0).get());
            }
        } finally {
            servers.forEach(s -> s.stop(Duration.ZERO));
        }
    }

    @Test
    void aGrpcServerStoppedUnderLoadFailsNoCallOfAClientWithoutRetry() throws Exception {
        List<KitexPeer> peers = List.of(new KitexPeer(), new KitexPeer(), new KitexPeer());
        try (KitexClient client = KitexClient.builder("grpc", GrpcClientTestService.DESCRIPTOR)
            .addresses(peers.stream().map(p -> "127.0.0.1:" + p.port()).toArray(String[]::new))
            .transport(Transport.GRPC)
            .rpcTimeout(Duration.ofSeconds(20))
            .build()) {
            AtomicInteger n = new AtomicInteger();
            Load load = new Load(() -> {
                String text = "call " + n.incrementAndGet();
                assertThat(client.callBlocking(GrpcClientTestService.ECHO, StringValue.of(text)).getValue()).isEqualTo(text);
            });
            try (load) {
                Eventually.await("calls flow", () -> load.calls.get() >= 300);
                load.across(peers.get(0)::stop);
            }
            assertThat(load.failures).as("calls that failed").isEmpty();
            System.out.printf("graceful gRPC stop: %d calls, %d transparent retries%n", load.calls.get(),
                client.transparentRetries());
        } finally {
            peers.forEach(KitexPeer::close);
        }
    }

    @Test
    void aCallWhoseConnectionIsRefusedGoesToAnotherInstanceWithoutRetryPolicy() {
        AtomicInteger handled = new AtomicInteger();
        KitexServer live = server("live", handled);
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
            .addresses(deadAddress(), address(live))
            .rpcTimeout(Duration.ofSeconds(20))
            .build()) {
            for (int i = 0; i < 6; i++) {
                assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("live");
            }
            assertThat(handled).hasValue(6);
            assertThat(client.transparentRetries()).as("calls sent again").isPositive();
            assertThat(client.retryBudget("name").totalRetries()).as("retries").isZero();
        } finally {
            live.stop(Duration.ZERO);
        }
    }

    @Test
    void aCallToASingleRefusingInstanceIsSentAgainOnceThenFails() {
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR).addresses(deadAddress()).build()) {
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, "")).isInstanceOf(ConnectFailedException.class);
            assertThat(client.transparentRetries()).isEqualTo(1);
        }
    }

    private static boolean refusesConnections(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An address on loopback nothing listens on: connections to it are refused. */
    private static String deadAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
