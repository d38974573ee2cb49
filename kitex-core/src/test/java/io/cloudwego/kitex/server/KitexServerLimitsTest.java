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

    @Test
    void underThreeTimesItsMaxQpsTheServerServesAboutMaxQpsAndRefusesTheRest() throws Exception {
        int maxQps = 20;
        int threads = 3;
        int callsPerThread = 20;
        start(KitexServer.builder().maxQps(maxQps), () -> "ok");
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (KitexClient client = client(Transport.TTHEADER_FRAMED)) {
            long start = System.nanoTime();
            List<Future<?>> offered = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                offered.add(pool.submit(() -> {
                    // 3 threads × 20 calls, one every 50 ms: 3 × maxQps offered over about one second.
                    for (int i = 0; i < callsPerThread; i++) {
                        try {
                            client.callBlocking(NamedService.NAME, "");
                            served.incrementAndGet();
                        } catch (OverLimitException e) {
                            refused.incrementAndGet();
                        }
                        Thread.sleep(50);
                    }
                    return null;
                }));
            }
            for (Future<?> f : offered) {
                f.get(60, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            int offeredCalls = threads * callsPerThread;
            assertThat(served.get() + refused.get()).isEqualTo(offeredCalls);
            // At most the burst (a tenth of a second's worth, 2) plus maxQps per second elapsed; the
            // bucket starts full, so at least the burst.
            assertThat(served.get()).isBetween(2, (int) (2 + maxQps * seconds) + 1);
            assertThat(handled).hasValue(served.get());
            assertThat(server.metrics().refusals(LimitKind.MAX_QPS)).isEqualTo(refused.get());
            System.out.printf("max-qps %d, %d calls offered over %.2f s: %d served, %d refused%n", maxQps, offeredCalls,
                seconds, served.get(), refused.get());

            // The bucket only fills with time: after a pause, calls are served again.
            Thread.sleep(200);
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
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
            assertThat(server.metrics().refusals(LimitKind.MAX_CONNECTIONS)).isEqualTo(1);
            assertThat(server.metrics().activeConnections()).isEqualTo(1);
            assertThat(handled).hasValue(1);

            first.close();
            Eventually.await("the first client's connection is gone", () -> server.metrics().activeConnections() == 0);
            assertThat(second.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
        }
    }
}
