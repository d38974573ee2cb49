package io.cloudwego.kitex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import io.cloudwego.kitex.testing.WireBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our client calls our server in Kitex Protobuf over real sockets: both carriers through every pool
 * kind, many calls at once on one multiplexed connection, the errors Kitex answers with, biz status,
 * a Thrift and a Protobuf service behind one port, and malformed frames.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KitexProtobufCallTest {

    /** {@code service Echo { rpc Echo(StringValue) returns (StringValue); rpc Watch(StringValue) returns (stream StringValue); }}. */
    interface EchoService {
        CompletableFuture<StringValue> echo(StringValue request);

        default void watch(StringValue request, StreamObserver<StringValue> responses) {
            responses.onCompleted();
        }
    }

    static final MessageCodec<StringValue> TEXT = MessageCodec.of(StringValue.parser());
    static final StreamingMethodDescriptor<EchoService, StringValue, StringValue> ECHO = StreamingMethodDescriptor.unary(
        "kitex.test.Echo/Echo", TEXT, TEXT, EchoService::echo);
    static final StreamingMethodDescriptor<EchoService, StringValue, StringValue> WATCH =
        StreamingMethodDescriptor.serverStreaming("kitex.test.Echo/Watch", TEXT, TEXT, EchoService::watch);
    static final ServiceDescriptor<EchoService> ECHO_SERVICE =
        ServiceDescriptor.protobuf("kitex.test.Echo", EchoService.class, ECHO, WATCH);

    /** What a client that knows one more method than the server sees of the service. */
    static final StreamingMethodDescriptor<EchoService, StringValue, StringValue> MISSING =
        StreamingMethodDescriptor.unary("kitex.test.Echo/Missing", TEXT, TEXT, EchoService::echo);
    static final ServiceDescriptor<EchoService> NEWER_ECHO_SERVICE =
        ServiceDescriptor.protobuf("kitex.test.Echo", EchoService.class, ECHO, MISSING);

    /** A service the server does not have. */
    static final StreamingMethodDescriptor<EchoService, StringValue, StringValue> OTHER_ECHO =
        StreamingMethodDescriptor.unary("kitex.test.Other/Echo", TEXT, TEXT, EchoService::echo);
    static final ServiceDescriptor<EchoService> OTHER_SERVICE =
        ServiceDescriptor.protobuf("kitex.test.Other", EchoService.class, OTHER_ECHO);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SAFETY_RPC_TIMEOUT = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource = resources.poll(); resource != null; resource = resources.poll()) {
            resource.close();
        }
    }

    // ---------------------------------------------------------------- calls in both carriers, every pool

    static Stream<Arguments> carriersAndPools() {
        List<Arguments> combinations = new ArrayList<>();
        for (Transport transport : List.of(Transport.TTHEADER_FRAMED, Transport.FRAMED)) {
            for (PoolType pool : PoolType.values()) {
                combinations.add(Arguments.of(transport, pool));
            }
        }
        return combinations.stream();
    }

    @ParameterizedTest(name = "{0} through a {1} pool")
    @MethodSource("carriersAndPools")
    void callsAreAnsweredInTheirCarrier(Transport transport, PoolType pool) {
        BlockingQueue<RpcInfo> seen = new LinkedBlockingQueue<>();
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> {
            seen.add(RpcInfo.current());
            return CompletableFuture.completedFuture(StringValue.of("echo:" + request.getValue()));
        }));
        KitexClient client = client(server, ECHO_SERVICE, b -> b.transport(transport).pool(pool));

        List<String> payloads = List.of("hello", "héllo wörld ✓ 你好 🚀", "x".repeat(256 * 1024));
        for (String payload : payloads) {
            assertThat(client.callBlocking(ECHO, StringValue.of(payload)).getValue()).isEqualTo("echo:" + payload);
        }
        assertThat(client.call(ECHO, StringValue.of("async")).join().getValue()).isEqualTo("echo:async");

        assertThat(seen).hasSize(payloads.size() + 1).allSatisfy(info -> {
            assertThat(info.transport()).isEqualTo(transport);
            assertThat(info.method()).isEqualTo("Echo");
            assertThat(info.methodKind()).isEqualTo(MethodKind.UNARY);
            assertThat(info.idlServiceName()).isEqualTo("Echo");
        });
        long accepted = server.metrics().connectionsAccepted();
        switch (pool) {
            case SHORT -> assertThat(accepted).isEqualTo(payloads.size() + 1);
            case LONG -> assertThat(accepted).isEqualTo(1);
            default -> assertThat(accepted).isEqualTo(KitexClient.DEFAULT_CONNECTIONS_PER_ADDRESS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER_FRAMED", "FRAMED"})
    void twoHundredConcurrentCallsOnOneMultiplexedConnectionEachGetTheirOwnReply(Transport transport)
        throws Exception {
        int calls = 200;
        List<CompletableFuture<StringValue>> held = new ArrayList<>();
        List<String> heldRequests = new ArrayList<>();
        CountDownLatch allArrived = new CountDownLatch(1);
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> {
            CompletableFuture<StringValue> reply = new CompletableFuture<>();
            List<CompletableFuture<StringValue>> release = null;
            List<String> releaseRequests = null;
            synchronized (held) {
                held.add(reply);
                heldRequests.add(request.getValue());
                if (held.size() == calls) {
                    release = new ArrayList<>(held);
                    releaseRequests = new ArrayList<>(heldRequests);
                }
            }
            if (release != null) {
                allArrived.countDown();
                // Answer in reverse order of arrival, so that replies leave out of order.
                for (int i = release.size() - 1; i >= 0; i--) {
                    release.get(i).complete(StringValue.of("reply:" + releaseRequests.get(i)));
                }
            }
            return reply;
        }));
        KitexClient client = client(server, ECHO_SERVICE,
            b -> b.transport(transport).pool(PoolType.MULTIPLEXED).connectionsPerAddress(1));

        Map<String, CompletableFuture<StringValue>> byRequest = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            String request = "call-" + i + "-" + "p".repeat(i);
            byRequest.put(request, client.call(ECHO, StringValue.of(request)));
        }

        assertThat(allArrived.await(60, TimeUnit.SECONDS)).as("all calls reached the server at once").isTrue();
        CompletableFuture.allOf(byRequest.values().toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        byRequest.forEach((request, reply) -> assertThat(reply.join().getValue()).isEqualTo("reply:" + request));
        assertThat(server.metrics().connectionsAccepted()).as("every call shared one connection").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER_FRAMED", "FRAMED"})
    void theDefaultMessageTravelsAsAZeroLengthBodyBothWays(Transport transport) {
        BlockingQueue<StringValue> seen = new LinkedBlockingQueue<>();
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> {
            seen.add(request);
            return CompletableFuture.completedFuture(StringValue.getDefaultInstance());
        }));
        KitexClient client = client(server, ECHO_SERVICE, b -> b.transport(transport));

        assertThat(client.callBlocking(ECHO, StringValue.getDefaultInstance()))
            .isEqualTo(StringValue.getDefaultInstance());
        assertThat(seen).containsExactly(StringValue.getDefaultInstance());
    }

    // ---------------------------------------------------------------- errors

    @ParameterizedTest
    @CsvSource({
        "TTHEADER_FRAMED, unknown method Missing (service Echo)",
        "FRAMED, unknown method Missing",
    })
    void anUnknownMethodIsAnsweredWithTypeOne(Transport transport, String message) {
        KitexServer server = server(b -> b.service(ECHO_SERVICE, echoing()));
        KitexClient client = client(server, NEWER_ECHO_SERVICE, b -> b.transport(transport));

        assertThatThrownBy(() -> client.callBlocking(MISSING, StringValue.of("x")))
            .isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
                assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_METHOD);
                assertThat(e.getMessage()).isEqualTo(message);
            });
        // The connection still serves the method the server has.
        assertThat(client.callBlocking(ECHO, StringValue.of("still")).getValue()).isEqualTo("still");
    }

    @Test
    void aStreamingMethodIsNotServedAsKitexProtobuf() {
        StreamingMethodDescriptor<EchoService, StringValue, StringValue> unaryWatch =
            StreamingMethodDescriptor.unary("kitex.test.Echo/Watch", TEXT, TEXT, EchoService::echo);
        ServiceDescriptor<EchoService> watchAsUnary =
            ServiceDescriptor.protobuf("kitex.test.Echo", EchoService.class, unaryWatch);
        KitexServer server = server(b -> b.service(ECHO_SERVICE, echoing()));
        KitexClient client = client(server, watchAsUnary, b -> { });

        assertThatThrownBy(() -> client.callBlocking(unaryWatch, StringValue.of("x")))
            .isInstanceOfSatisfying(RemoteApplicationException.class,
                e -> assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_METHOD));
    }

    @Test
    void anUnknownServiceIsAnsweredWithTypeTwenty() {
        KitexServer server = server(b -> b.service(ECHO_SERVICE, echoing()));
        KitexClient client = client(server, OTHER_SERVICE, b -> { });

        assertThatThrownBy(() -> client.callBlocking(OTHER_ECHO, StringValue.of("x")))
            .isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
                assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_SERVICE);
                assertThat(e.getMessage()).isEqualTo("unknown service Other, method Echo");
            });
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER_FRAMED", "FRAMED"})
    void aHandlerExceptionIsAnsweredWithTypeSixAndItsMessage(Transport transport) {
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> {
            throw new IllegalStateException("boom " + request.getValue());
        }));
        KitexClient client = client(server, ECHO_SERVICE, b -> b.transport(transport));

        assertThatThrownBy(() -> client.callBlocking(ECHO, StringValue.of("x")))
            .isInstanceOfSatisfying(RemoteApplicationException.class, e -> {
                assertThat(e.type()).isEqualTo(RemoteApplicationException.INTERNAL_ERROR);
                assertThat(e.getMessage()).isEqualTo("biz error: boom x");
            });
    }

    @Test
    void aBizStatusTravelsInTheTTHeader() {
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> CompletableFuture.failedFuture(
            new BizStatusException(1042, "quota exceeded", Map.of("retry-after", "3")))));
        KitexClient client = client(server, ECHO_SERVICE, b -> b.transport(Transport.TTHEADER_FRAMED));

        assertThatThrownBy(() -> client.callBlocking(ECHO, StringValue.of("x")))
            .isInstanceOfSatisfying(BizStatusException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(1042);
                assertThat(e.statusMessage()).isEqualTo("quota exceeded");
                assertThat(e.extra()).containsExactly(Map.entry("retry-after", "3"));
            });
    }

    @Test
    void aBizStatusOverFramedIsAnApplicationException() {
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> CompletableFuture.failedFuture(
            new BizStatusException(1042, "quota exceeded"))));
        KitexClient client = client(server, ECHO_SERVICE, b -> b.transport(Transport.FRAMED));

        assertThatThrownBy(() -> client.callBlocking(ECHO, StringValue.of("x")))
            .isInstanceOfSatisfying(RemoteApplicationException.class,
                e -> assertThat(e.type()).isEqualTo(RemoteApplicationException.INTERNAL_ERROR));
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER", "BUFFERED"})
    void aClientOfAProtobufServiceRefusesTransportsThatCannotCarryIt(Transport transport) {
        KitexClient.Builder builder = KitexClient.builder("echo", ECHO_SERVICE).addresses("127.0.0.1:1")
            .transport(transport);

        assertThatThrownBy(builder::build)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("transport " + transport + " cannot carry Kitex Protobuf, the encoding of Protobuf service"
                + " kitex.test.Echo: use TTHEADER_FRAMED, FRAMED or GRPC");
    }

    @Test
    void metainfoTravelsBothWaysInTheTTHeader() {
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> {
            Metainfo.sendBackward("seen", Metainfo.current().transientValue("tenant"));
            return CompletableFuture.completedFuture(StringValue.of(Metainfo.current().persistentValue("trace")));
        }));
        KitexClient client = client(server, ECHO_SERVICE, b -> b.transport(Transport.TTHEADER_FRAMED));

        Metainfo metainfo = Metainfo.EMPTY.withTransient("tenant", "t-1").withPersistent("trace", "tr-9")
            .withBackwardValues();
        try (Metainfo.Scope ignored = metainfo.makeCurrent()) {
            assertThat(client.callBlocking(ECHO, StringValue.of("x")).getValue()).isEqualTo("tr-9");
        }
        assertThat(metainfo.backwardValue("seen")).isEqualTo("t-1");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER_FRAMED", "FRAMED"})
    void aCallThatOutlivesItsRpcTimeoutFailsWithATimeout(Transport transport) {
        CompletableFuture<StringValue> never = new CompletableFuture<>();
        KitexServer server = server(b -> b.service(ECHO_SERVICE, request -> never));
        KitexClient client = client(server, ECHO_SERVICE,
            b -> b.transport(transport).rpcTimeout(ECHO.name(), Duration.ofMillis(200)));

        assertThatThrownBy(() -> client.callBlocking(ECHO, StringValue.of("x")))
            .isInstanceOf(RpcTimeoutException.class);
    }

    // ---------------------------------------------------------------- Thrift and Protobuf on one port

    @Test
    void aThriftAndAProtobufServiceShareOnePort() {
        KitexServer server = server(b -> b
            .service(NamedService.DESCRIPTOR, () -> "thrift")
            .service(ECHO_SERVICE, echoing()));
        List<KitexClient> thriftClients = new ArrayList<>();
        List<KitexClient> protobufClients = new ArrayList<>();
        for (Transport transport : List.of(Transport.TTHEADER_FRAMED, Transport.FRAMED)) {
            thriftClients.add(client(server, NamedService.DESCRIPTOR, b -> b.transport(transport)));
            protobufClients.add(client(server, ECHO_SERVICE, b -> b.transport(transport)));
        }
        thriftClients.add(client(server, NamedService.DESCRIPTOR, b -> b.transport(Transport.TTHEADER)));
        thriftClients.add(client(server, NamedService.DESCRIPTOR, b -> b.transport(Transport.BUFFERED)));

        for (int round = 0; round < 3; round++) {
            for (KitexClient thrift : thriftClients) {
                assertThat(thrift.callBlocking(NamedService.NAME, "")).isEqualTo("thrift");
            }
            for (KitexClient protobuf : protobufClients) {
                assertThat(protobuf.callBlocking(ECHO, StringValue.of("pb" + round)).getValue()).isEqualTo("pb" + round);
            }
        }
        assertThat(server.metrics().protocolErrorCount()).isZero();
    }

    // ---------------------------------------------------------------- malformed frames

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "name longer than the frame; 00 00 00 10 | 90 01 00 01 | 00 00 01 00 45 63 68 6f | 00 00 00 01; truncated",
        "negative name length; 00 00 00 10 | 90 01 00 01 | ff ff ff f0 45 63 68 6f | 00 00 00 01; negative-length",
        "frame ends before the seq id; 00 00 00 0c | 90 01 00 01 | 00 00 00 04 45 63 68 6f; truncated",
        "unknown message type; 00 00 00 10 | 90 01 00 09 | 00 00 00 04 45 63 68 6f | 00 00 00 01; bad-message-type",
        "TTHeader framed length too long; 00 00 00 26 10 00 00 00 00 00 00 01 00 01 00 00 00 00 | 00 00 00 40 "
            + "90 01 00 01 00 00 00 04 45 63 68 6f 00 00 00 01 0a 02 68 69; bad-length",
    })
    void aMalformedFrameClosesOnlyItsConnectionAndIsCounted(String name, String hex, String reason) throws Exception {
        KitexServer server = server(b -> b.service(ECHO_SERVICE, echoing()));
        KitexClient client = client(server, ECHO_SERVICE, b -> b.pool(PoolType.MULTIPLEXED));
        assertThat(client.callBlocking(ECHO, StringValue.of("before")).getValue()).isEqualTo("before");
        int connectionsBefore = server.metrics().activeConnections();

        try (Socket bad = new Socket()) {
            bad.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            bad.setSoTimeout(30_000);
            OutputStream out = bad.getOutputStream();
            out.write(WireBytes.bytes(hex));
            out.flush();
            InputStream in = bad.getInputStream();
            assertThat(readToEnd(in)).as("the server closes without a reply").isZero();
        }

        Eventually.await("the " + reason + " error is counted",
            () -> server.metrics().protocolErrors().getOrDefault(reason, 0L) == 1L);
        Eventually.await("the bad connection is gone",
            () -> server.metrics().activeConnections() == connectionsBefore);
        assertThat(server.isRunning()).isTrue();
        assertThat(client.callBlocking(ECHO, StringValue.of("after")).getValue()).isEqualTo("after");
    }

    // ---------------------------------------------------------------- helpers

    private static EchoService echoing() {
        return request -> CompletableFuture.completedFuture(request);
    }

    private static int readToEnd(InputStream in) throws IOException {
        int total = 0;
        byte[] chunk = new byte[1024];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            total += n;
        }
        return total;
    }

    private KitexServer server(Consumer<KitexServer.Builder> config) {
        KitexServer.Builder builder = KitexServer.builder().host("127.0.0.1").port(0).exitWaitTime(Duration.ofSeconds(2));
        config.accept(builder);
        KitexServer server = builder.build().start();
        resources.push(() -> server.stop(Duration.ofSeconds(2)));
        return server;
    }

    private KitexClient client(KitexServer server, ServiceDescriptor<?> service, Consumer<KitexClient.Builder> config) {
        KitexClient.Builder builder = KitexClient.builder("test-server", service)
            .addresses("127.0.0.1:" + server.port())
            .connectTimeout(CONNECT_TIMEOUT)
            .rpcTimeout(SAFETY_RPC_TIMEOUT);
        config.accept(builder);
        KitexClient client = builder.build();
        resources.push(client);
        return client;
    }
}
