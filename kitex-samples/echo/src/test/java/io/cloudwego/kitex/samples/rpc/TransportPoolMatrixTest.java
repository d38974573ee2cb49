package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.KitexServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our client calls our server in every transport through every pool kind, and many calls share one
 * multiplexed connection at once, each reply finding its own call.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransportPoolMatrixTest {
    @RegisterExtension
    static final RpcFixture SHARED = RpcFixture.perClass();

    @RegisterExtension
    final RpcFixture rpc = RpcFixture.perTest();

    /** Transports the server saw, in order, for the matrix server. */
    private static final BlockingQueue<Transport> SEEN = new LinkedBlockingQueue<>();
    private static KitexServer server;

    private static final List<String> PAYLOADS = List.of(
        "",
        "hello",
        "héllo wörld ✓ 你好 🚀",
        "line\nbreaks\tand\u0000nul",
        "x".repeat(64 * 1024) + "|end",
        "0123456789abcdef".repeat(16 * 1024) + "|256KiB");

    @BeforeAll
    static void startServer() {
        server = SHARED.server(new TestServices.TestService() {
            @Override
            public CompletableFuture<String> echo(String msg) {
                SEEN.add(RpcInfo.current().transport());
                return CompletableFuture.completedFuture(msg);
            }
        });
    }

    static Stream<Arguments> transportsAndPools() {
        List<Arguments> combinations = new ArrayList<>();
        for (Transport transport : Transport.messageFramings()) {
            for (PoolType pool : PoolType.values()) {
                combinations.add(Arguments.of(transport, pool));
            }
        }
        assertThat(combinations).hasSize(12);
        return combinations.stream();
    }

    @ParameterizedTest(name = "{0} through a {1} pool")
    @MethodSource("transportsAndPools")
    void echoesEveryPayload(Transport transport, PoolType pool) {
        SEEN.clear();
        long acceptedBefore = server.metrics().connectionsAccepted();
        KitexClient client = rpc.client(server, transport, pool);

        for (String payload : PAYLOADS) {
            assertThat(client.callBlocking(ECHO, payload)).isEqualTo(payload);
        }

        // The server saw each call in the client's transport (it detects it per message).
        assertThat(SEEN).hasSize(PAYLOADS.size()).containsOnly(transport);
        // And the connections were kept as the pool kind says.
        long accepted = server.metrics().connectionsAccepted() - acceptedBefore;
        switch (pool) {
            case SHORT:
                assertThat(accepted).as("a short pool opens a connection per call").isEqualTo(PAYLOADS.size());
                break;
            case LONG:
                assertThat(accepted).as("a long pool reuses its idle connection for sequential calls").isEqualTo(1);
                break;
            default:
                assertThat(accepted).as("a multiplexed pool opens its fixed number of connections")
                    .isEqualTo(KitexClient.DEFAULT_CONNECTIONS_PER_ADDRESS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void twoHundredConcurrentCallsOnOneMultiplexedConnectionEachGetTheirOwnReply(Transport transport)
        throws Exception {
        int calls = 200;
        HoldUntilAllArrived gate = new HoldUntilAllArrived(calls);
        KitexServer gated = rpc.server(new TestServices.TestService() {
            @Override
            public CompletableFuture<String> echo(String msg) {
                return gate.arrive(msg);
            }
        });
        KitexClient client = rpc.client(gated, TestServices.TEST_SERVICE,
            b -> b.transport(transport).pool(PoolType.MULTIPLEXED).connectionsPerAddress(1));

        Map<String, CompletableFuture<String>> byPayload = new LinkedHashMap<>();
        for (int i = 0; i < calls; i++) {
            String payload = "call-" + i + "-" + UUID.randomUUID() + "-" + "p".repeat(i);
            byPayload.put(payload, client.call(ECHO, payload));
        }

        assertThat(gate.awaitAllArrived(Duration.ofSeconds(60)))
            .as("all %d calls reached the server while none had been answered", calls).isTrue();
        CompletableFuture.allOf(byPayload.values().toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        byPayload.forEach((payload, reply) -> assertThat(reply.join()).isEqualTo("reply:" + payload));
        assertThat(gated.metrics().connectionsAccepted()).as("every call shared one connection").isEqualTo(1);
        assertThat(gate.maxHeld()).isEqualTo(calls);
    }

    /**
     * Holds every call until {@code expected} calls are held, then answers them all in reverse order
     * of arrival, so replies leave out of order. Holds no thread while waiting.
     */
    private static final class HoldUntilAllArrived {
        private final int expected;
        private final List<String> messages = new ArrayList<>();
        private final List<CompletableFuture<String>> held = new ArrayList<>();
        private final CountDownLatch allArrived = new CountDownLatch(1);
        private int maxHeld;

        HoldUntilAllArrived(int expected) {
            this.expected = expected;
        }

        CompletableFuture<String> arrive(String msg) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            List<String> releaseMessages = null;
            List<CompletableFuture<String>> release = null;
            synchronized (this) {
                messages.add(msg);
                held.add(reply);
                maxHeld = Math.max(maxHeld, held.size());
                if (held.size() == expected) {
                    releaseMessages = new ArrayList<>(messages);
                    release = new ArrayList<>(held);
                    messages.clear();
                    held.clear();
                }
            }
            if (release != null) {
                allArrived.countDown();
                Collections.reverse(releaseMessages);
                Collections.reverse(release);
                for (int i = 0; i < release.size(); i++) {
                    release.get(i).complete("reply:" + releaseMessages.get(i));
                }
            }
            return reply;
        }

        boolean awaitAllArrived(Duration timeout) throws InterruptedException {
            return allArrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized int maxHeld() {
            return maxHeld;
        }
    }
}
