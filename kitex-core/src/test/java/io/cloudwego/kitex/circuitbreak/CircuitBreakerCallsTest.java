package io.cloudwego.kitex.circuitbreak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.errors.CircuitOpenException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Circuit breakers of a client calling a real server on loopback, and an address that refuses connections. */
class CircuitBreakerCallsTest {
    private static final int MIN_SAMPLES = 10;

    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger handled = new AtomicInteger();
    private KitexServer server;

    @BeforeEach
    void start() {
        server = KitexServer.builder().host("127.0.0.1").port(0).service(NamedService.DESCRIPTOR, () -> {
            handled.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("unwell");
            }
            return "ok";
        }).build().start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ZERO);
    }

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** An address nothing listens on: connections to it are refused. */
    private static InetSocketAddress refusingAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
    }

    /** A window far longer than any test, so that counts never depend on how fast a loaded machine runs it. */
    private static CircuitBreakerSettings settings(double errorRate) {
        return CircuitBreakerSettings.DEFAULT.withErrorRate(errorRate).withMinSamples(MIN_SAMPLES)
            .withWindow(Duration.ofMinutes(10)).withWaitInOpen(Duration.ofMillis(200));
    }

    @Test
    void theServiceBreakerOpensOnFailuresFailsFastThenHalfOpensAndClosesOnSuccesses() {
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR).callerServiceName("tester")
            .addresses(List.of(serverAddress())).rpcTimeout(Duration.ofSeconds(30)).circuitBreaker(settings(0.5)).build()) {
            CircuitBreaker breaker = client.circuitBreakers().serviceBreakers().circuitBreaker("tester/named/name");

            failing.set(true);
            for (int i = 0; i < MIN_SAMPLES - 1; i++) {
                assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, "")).isInstanceOf(RemoteApplicationException.class);
                assertThat(breaker.getState()).as("below the minimum samples").isEqualTo(CircuitBreaker.State.CLOSED);
            }
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, "")).isInstanceOf(RemoteApplicationException.class);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(handled).hasValue(MIN_SAMPLES);

            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                    .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                        assertThat(e.level()).isEqualTo(CircuitOpenException.Level.SERVICE);
                        assertThat(e.breaker()).isEqualTo("tester/named/name");
                        assertThat(e.mayHaveReachedServer()).isFalse();
                    });
            }
            assertThat(handled).as("open: calls fail before reaching the server").hasValue(MIN_SAMPLES);

            failing.set(false);
            Eventually.await("after the wait in open, a trial call goes through", () -> {
                try {
                    return "ok".equals(client.callBlocking(NamedService.NAME, ""));
                } catch (CircuitOpenException e) {
                    return false;
                }
            });
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
            assertThat(breaker.getState()).as("two successful trial calls close it").isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(handled).hasValue(MIN_SAMPLES + 2);
        }
    }

    @Test
    void declaredOutcomesOfTheServiceDoNotCountAsFailures() {
        assertThat(CircuitBreakers.serviceOutcome(null)).isEqualTo(CircuitBreakers.Outcome.SUCCESS);
        assertThat(CircuitBreakers.serviceOutcome(new io.cloudwego.kitex.errors.BizStatusException(1, "no")))
            .isEqualTo(CircuitBreakers.Outcome.SUCCESS);
        assertThat(CircuitBreakers.serviceOutcome(new RemoteApplicationException(6, "x")))
            .isEqualTo(CircuitBreakers.Outcome.FAILURE);
        assertThat(CircuitBreakers.serviceOutcome(new io.cloudwego.kitex.errors.RpcTimeoutException("m", Duration.ZERO)))
            .isEqualTo(CircuitBreakers.Outcome.FAILURE);
        assertThat(CircuitBreakers.serviceOutcome(new CircuitOpenException(CircuitOpenException.Level.SERVICE, "b")))
            .isEqualTo(CircuitBreakers.Outcome.IGNORED);
        assertThat(CircuitBreakers.serviceOutcome(new io.cloudwego.kitex.errors.NoInstanceException("s")))
            .isEqualTo(CircuitBreakers.Outcome.IGNORED);
        assertThat(CircuitBreakers.serviceOutcome(new IllegalArgumentException("caller's bug")))
            .isEqualTo(CircuitBreakers.Outcome.IGNORED);
        assertThat(CircuitBreakers.instanceOutcome(new RemoteApplicationException(6, "x")))
            .isEqualTo(CircuitBreakers.Outcome.SUCCESS);
    }

    @Test
    void theBreakerOfAnInstanceThatRefusesConnectionsOpensWhileNoCallFails() throws IOException {
        InetSocketAddress refusing = refusingAddress();
        // 0.6: the service breaker sees one call in two fail and stays closed; the refusing instance's sees all fail.
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
            .resolver(Resolver.fixed(List.of(Instance.of(serverAddress()), Instance.of(refusing))))
            .rpcTimeout(Duration.ofSeconds(30)).circuitBreaker(settings(0.6).withWaitInOpen(Duration.ofMinutes(5))).build()) {
            CircuitBreakers breakers = client.circuitBreakers();
            CircuitBreaker instance = breakers.instanceBreakers().circuitBreaker(breakers.instanceBreakerName(refusing));

            // A call whose connection is refused never reached the instance: it goes to the other one,
            // and the refusing instance's breaker counts the refusal.
            while (instance.getState() != CircuitBreaker.State.OPEN) {
                assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
            }
            long sentAgain = client.transparentRetries();
            assertThat(sentAgain).as("refused connections before the instance breaker opens")
                .isGreaterThanOrEqualTo(MIN_SAMPLES);

            int before = handled.get();
            for (int i = 0; i < 20; i++) {
                assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("ok");
            }
            assertThat(handled.get() - before).isEqualTo(20);
            assertThat(client.transparentRetries()).as("no call goes to the instance while its breaker is open")
                .isEqualTo(sentAgain);
            assertThat(breakers.states()).containsEntry(breakers.instanceBreakerName(refusing), CircuitBreaker.State.OPEN)
                .containsEntry(breakers.instanceBreakerName(serverAddress()), CircuitBreaker.State.CLOSED)
                .containsEntry("/named/name", CircuitBreaker.State.CLOSED);
        }
    }
}
