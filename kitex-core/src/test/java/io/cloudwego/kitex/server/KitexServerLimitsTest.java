package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.errors.ConnectionClosedException;
import io.cloudwego.kitex.errors.OverLimitException;
import io.cloudwego.kitex.limit.LimitKind;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A real server's limits, with real clients on loopback. */
class KitexServerLimitsTest {
    private final AtomicInteger handled = new AtomicInteger();
    private KitexServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ZERO);
        }
    }

    private KitexServer start(KitexServer.Builder builder, NamedService service) {
        server = builder.host("127.0.0.1").port(0).service(NamedService.DESCRIPTOR, () -> {
            handled.incrementAndGet();
            return service.name();
        }).build().start();
        return server;
    }

    private KitexClient client(Transport transport) {
        return KitexClient.builder("named", NamedService.DESCRIPTOR).addresses("127.0.0.1:" + server.port())
            .transport(transport).connectionsPerAddress(1).rpcTimeout(Duration.ofSeconds(30)).build();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER_FRAMED", "FRAMED", "BUFFERED"})
    void requestsBeyondMaxConcurrencyAreRefusedBeforeTheHandlerRuns(Transport transport) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(KitexServer.builder().maxConcurrency(2), () -> {
            release.await();
            return "ok";
        });
        try (KitexClient client = client(transport)) {
            CompletableFuture<String> first = client.call(NamedService.NAME, "");
            CompletableFuture<String> second = client.call(NamedService.NAME, "");
            Eventually.await("two calls in the handler", () -> handled.get() == 2);

            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                .isInstanceOfSatisfying(OverLimitException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("request over limit: too many concurrent requests");
                    assertThat(e.mayHaveReachedServer()).isFalse();
                });
            assertThat(handled).hasValue(2);
            assertThat(server.metrics().refusals()).containsExactly(java.util.Map.entry("max-concurrency", 1L));

            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
            Eventually.await("the permits are released", () -> server.metrics().inFlightRequests() == 0);
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
        }
    }

    /**
     * A burst of ten times max-qps, offered at once from a few threads: the server serves at most
     * what its bucket held (a tenth of a second's worth) plus max-qps per second the burst lasted,
     * and refuses the rest. The bound uses the time the test measured the burst to take, so it holds
     * however slow the machine is; with ten seconds' worth of calls offered, the burst would have to
     * last about ten seconds for none to be refused.
     */
    @Test
    void aBurstOfTenTimesMaxQpsIsServedUpToTheBucketAndTheRateAndRefusedBeyond() throws Exception {
        int maxQps = 10;
        int bucket = 1;
        int threads = 4;
        int callsPerThread = 25;
        int offeredCalls = threads * callsPerThread;
        start(KitexServer.builder().maxQps(maxQps), () -> "ok");
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (KitexClient client = client(Transport.TTHEADER_FRAMED)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<CompletableFuture<String>>>> offered = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                offered.add(pool.submit(() -> {
                    go.await();
                    List<CompletableFuture<String>> calls = new ArrayList<>();
                    for (int i = 0; i < callsPerThread; i++) {
                        calls.add(client.call(NamedService.NAME, ""));
                    }
                    return calls;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<List<CompletableFuture<String>>> thread : offered) {
                for (CompletableFuture<String> call : thread.get(60, TimeUnit.SECONDS)) {
                    try {
                        assertThat(call.get(60, TimeUnit.SECONDS)).isEqualTo("ok");
                        served.incrementAndGet();
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(OverLimitException.class);
                        refused.incrementAndGet();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("max-qps %d, a burst of %d calls over %.3f s: %d served, %d refused%n", maxQps,
                offeredCalls, seconds, served.get(), refused.get());

            assertThat(served.get() + refused.get()).isEqualTo(offeredCalls);
            // The bucket starts full; it holds a tenth of a second's worth, and refills at maxQps.
            assertThat(served.get()).isBetween(bucket, (int) (bucket + maxQps * seconds) + 1);
            assertThat(refused.get()).as("calls refused").isPositive();
            assertThat(handled).hasValue(served.get());
            assertThat(server.metrics().refusals(LimitKind.MAX_QPS)).isEqualTo(refused.get());

            // The bucket only fills with time: after two tenths of a second, it is full again.
            Thread.sleep(200);
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedAtAccept() {
        start(KitexServer.builder().maxConnections(1), () -> "ok");
        try (KitexClient first = client(Transport.TTHEADER_FRAMED);
             KitexClient second = client(Transport.TTHEADER_FRAMED)) {
            assertThat(first.callBlocking(NamedService.NAME, "")).isEqualTo("ok");

            assertThatThrownBy(() -> second.callBlocking(NamedService.NAME, ""))
                .isInstanceOf(ConnectionClosedException.class);
            // The refused connection may close before the request is written; the client then sends it once more,
            // transparently, on a new connection, which is refused too.
            assertThat(server.metrics().refusals(LimitKind.MAX_CONNECTIONS))
                .isEqualTo(1 + second.transparentRetries());
            assertThat(server.metrics().activeConnections()).isEqualTo(1);
            assertThat(handled).hasValue(1);

            first.close();
            Eventually.await("the first client's connection is gone", () -> server.metrics().activeConnections() == 0);
            assertThat(second.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
        }
    }
}
