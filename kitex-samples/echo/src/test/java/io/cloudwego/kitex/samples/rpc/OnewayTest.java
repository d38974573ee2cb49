package io.cloudwego.kitex.samples.rpc;

import static io.cloudwego.kitex.samples.rpc.RpcFixture.eventually;
import static io.cloudwego.kitex.samples.rpc.TestServices.ECHO;
import static io.cloudwego.kitex.samples.rpc.TestServices.NOTIFY;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.KitexServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Oneway calls (reference §4.4) in every transport: the request reaches the handler, the server
 * writes nothing back (not even when the handler fails or the method is unknown), and the
 * connection carries the next call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnewayTest {
    @RegisterExtension
    static final RpcFixture RPC = RpcFixture.perClass();

    private static final BlockingQueue<String> NOTIFIED = new LinkedBlockingQueue<>();
    private static KitexServer server;

    @BeforeAll
    static void startServer() {
        server = RPC.server(new TestServices.TestService() {
            @Override
            public CompletableFuture<Void> notify(String msg) {
                RpcInfo info = RpcInfo.current();
                NOTIFIED.add(msg + " via " + info.transport() + (info.methodKind() == io.cloudwego.kitex.serviceinfo.MethodKind.ONEWAY ? " (oneway)" : ""));
                if (msg.startsWith("fail")) {
                    throw new IllegalStateException("the oneway handler failed");
                }
                return CompletableFuture.completedFuture(null);
            }
        });
    }

    @AfterEach
    void clear() {
        NOTIFIED.clear();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void aOnewayCallReachesTheHandlerAndTheClientCarriesOn(Transport transport) throws Exception {
        KitexClient client = RPC.client(server, transport, PoolType.LONG);
        assertThat(client.callBlocking(ECHO, "before")).isEqualTo("before");

        assertThat(client.call(NOTIFY, "note")).succeedsWithin(Duration.ofSeconds(10)).isNull();

        assertThat(NOTIFIED.poll(10, TimeUnit.SECONDS)).isEqualTo("note via " + transport + " (oneway)");
        assertThat(client.callBlocking(ECHO, "after")).isEqualTo("after");
        assertThat(client.callBlocking(NOTIFY, "fail, unseen by the caller")).isNull();
        assertThat(NOTIFIED.poll(10, TimeUnit.SECONDS)).startsWith("fail");
        assertThat(client.callBlocking(ECHO, "after a failed oneway")).isEqualTo("after a failed oneway");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void theServerWritesNothingBackForOnewayCallsAndTheConnectionCarriesTheNextCall(Transport transport)
        throws Exception {
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.send(transport, RawConnection.requestHeader(1, "TestService"), "notify", MessageType.ONEWAY, 1, "fail");
            raw.send(transport, RawConnection.requestHeader(2, "TestService"), "notify", MessageType.ONEWAY, 2, "quiet");
            raw.send(transport, RawConnection.requestHeader(3, "TestService"), "no_such_method", MessageType.ONEWAY, 3, "x");

            List<String> notified = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                notified.add(NOTIFIED.poll(10, TimeUnit.SECONDS));
            }
            assertThat(notified).containsExactlyInAnyOrder(
                "fail via " + transport + " (oneway)", "quiet via " + transport + " (oneway)");
            assertThat(eventually(Duration.ofSeconds(10), () -> server.metrics().inFlightRequests() == 0)).isTrue();
            assertThat(raw.receivesNothingFor(Duration.ofMillis(300))).as("no reply to a oneway call").isTrue();

            raw.send(transport, RawConnection.requestHeader(4, "TestService"), "echo", MessageType.CALL, 4, "next");
            RawConnection.Received reply = raw.read(Duration.ofSeconds(10));
            assertThat(reply.transport()).isEqualTo(transport);
            assertThat(reply.message().type()).isEqualTo(MessageType.REPLY);
            assertThat(reply.message().seqId()).isEqualTo(4);
            assertThat(reply.success()).isEqualTo("next");
            assertThat(raw.receivesNothingFor(Duration.ofMillis(200))).isTrue();
        }
    }
}
