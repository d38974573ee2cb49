package io.cloudwego.kitex.client;

import static io.cloudwego.kitex.client.GrpcClientTestService.BLOB;
import static io.cloudwego.kitex.client.GrpcClientTestService.CHAT;
import static io.cloudwego.kitex.client.GrpcClientTestService.COLLECT;
import static io.cloudwego.kitex.client.GrpcClientTestService.COUNT;
import static io.cloudwego.kitex.client.GrpcClientTestService.ECHO;
import static io.cloudwego.kitex.client.GrpcClientTestService.FAIL;
import static io.cloudwego.kitex.client.GrpcClientTestService.FLOOD;
import static io.cloudwego.kitex.client.GrpcClientTestService.MISSING;
import static io.cloudwego.kitex.client.GrpcClientTestService.SIZE;
import static io.cloudwego.kitex.client.GrpcClientTestService.SLEEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.StringValue;
import io.cloudwego.kitex.client.GrpcClientTestService.Responses;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.streaming.ClientCallStreamObserver;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** kitex-java's gRPC client against a grpc-java server over real sockets. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GrpcClientAgainstGrpcJavaTest {
    private static final Duration WAIT = Eventually.DEFAULT_TIMEOUT;

    private GrpcJavaPeer peer;
    private KitexClient client;
    private final List<RpcInfo> seenByMiddleware = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        peer = new GrpcJavaPeer();
        client = clientOf(peer.port()).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        peer.close();
    }

    private KitexClient.Builder clientOf(int port) {
        return KitexClient.builder("test", GrpcClientTestService.DESCRIPTOR)
            .addresses("127.0.0.1:" + port)
            .transport(Transport.GRPC)
            .connectTimeout(Duration.ofSeconds(5))
            .middleware(next -> (info, request) -> {
                seenByMiddleware.add(info);
                return next.call(info, request);
            });
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static GrpcStatusException statusOf(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GrpcStatusException.class);
            return (GrpcStatusException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void unaryCallsGoThroughTheMiddlewareChain() throws Exception {
        assertThat(await(client.call(ECHO, StringValue.of("hello"))).getValue()).isEqualTo("hello");
        assertThat(client.callBlocking(ECHO, StringValue.of("again")).getValue()).isEqualTo("again");
        assertThat(seenByMiddleware).hasSize(2).allSatisfy(info -> {
            assertThat(info.transport()).isEqualTo(Transport.GRPC);
            assertThat(info.methodKind()).isEqualTo(MethodKind.UNARY);
            assertThat(info.method()).isEqualTo("Echo");
            assertThat(info.callee().address()).isEqualTo(new InetSocketAddress("127.0.0.1", peer.port()));
            assertThat(info.seqId()).isPositive().isOdd();
        });
        assertThat(client.openConnections()).isEqualTo(1);
    }

    @Test
    void emptyMessagesTravel() throws Exception {
        assertThat(await(client.call(ECHO, StringValue.getDefaultInstance()))).isEqualTo(StringValue.getDefaultInstance());
    }

    @Test
    void serverStreamingDeliversEveryResponseThenCompletes() throws Exception {
        Responses<StringValue, StringValue> responses = new Responses<>();
        client.serverStreamingCall(COUNT, StringValue.of("5"), responses);
        await(responses.done);
        assertThat(responses.values).extracting(StringValue::getValue).containsExactly("0", "1", "2", "3", "4");
        assertThat(seenByMiddleware).singleElement().satisfies(info -> {
            assertThat(info.methodKind()).isEqualTo(MethodKind.SERVER_STREAMING);
            assertThat(info.transport()).isEqualTo(Transport.GRPC);
        });

        Responses<StringValue, StringValue> none = new Responses<>();
        client.serverStreamingCall(COUNT, StringValue.of("0"), GrpcClientTestService.plain(none));
        await(none.done);
        assertThat(none.values).isEmpty();
    }

    @Test
    void clientStreamingSendsEveryRequest() throws Exception {
        Responses<StringValue, StringValue> responses = new Responses<>();
        StreamObserver<StringValue> requests = client.clientStreamingCall(COLLECT, responses);
        assertThat(requests).isSameAs(responses.requestStream);
        for (String word : List.of("a", "b", "c")) {
            requests.onNext(StringValue.of(word));
        }
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values).extracting(StringValue::getValue).containsExactly("a,b,c");

        Responses<StringValue, StringValue> empty = new Responses<>();
        client.clientStreamingCall(COLLECT, empty).onCompleted();
        await(empty.done);
        assertThat(empty.values).extracting(StringValue::getValue).containsExactly("");
    }

    @Test
    void bidiStreamingPingPong() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        int rounds = 20;
        StreamObserver<StringValue>[] requests = new StreamObserver[1];
        requests[0] = client.bidiStreamingCall(CHAT, new StreamObserver<>() {
            @Override
            public void onNext(StringValue value) {
                received.add(value.getValue());
                if (received.size() < rounds) {
                    requests[0].onNext(StringValue.of("ping " + received.size()));
                } else {
                    requests[0].onCompleted();
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        requests[0].onNext(StringValue.of("ping 0"));
        await(done);
        assertThat(received).containsExactlyElementsOf(
            IntStream.range(0, rounds).mapToObj(i -> "ping " + i).collect(Collectors.toList()));
    }

    @Test
    void metadataGoesBothWaysWithBinaryValuesAndTrailers() throws Exception {
        byte[] token = {0, 1, 2, (byte) 0xFE, (byte) 0xFF, '=', ','};
        ResponseMetadata response = new ResponseMetadata();
        CallOptions options = CallOptions.DEFAULT
            .withHeaders(new Metadata().put("x-user", "alice").putBinary("x-token-bin", token))
            .withResponseMetadata(response);
        try (Metainfo.Scope ignored = Metainfo.EMPTY.withTransient("TRACE_ID", "t-1").withPersistent("TENANT", "a")
            .makeCurrent()) {
            assertThat(await(client.call(ECHO, StringValue.of("m"), options)).getValue()).isEqualTo("m");
        }
        io.grpc.Metadata seen = peer.lastHeaders.get();
        assertThat(seen.get(GrpcJavaPeer.USER)).isEqualTo("alice");
        assertThat(seen.get(GrpcJavaPeer.TOKEN)).isEqualTo(token);
        assertThat(seen.get(io.grpc.Metadata.Key.of("rpc-transit-trace-id", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("t-1");
        assertThat(seen.get(io.grpc.Metadata.Key.of("rpc-persist-tenant", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("a");
        assertThat(response.headers().get("x-echo-user")).isEqualTo("alice");
        assertThat(response.headers().keys()).noneMatch(name -> name.startsWith(":") || name.startsWith("grpc-")
            || name.equals("content-type"));
        assertThat(response.trailers().getBinary("x-echo-token-bin")).isEqualTo(token);
        assertThat(response.trailers().keys()).doesNotContain("grpc-status");

        Responses<StringValue, StringValue> streamed = new Responses<>();
        ResponseMetadata streamedMetadata = new ResponseMetadata();
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, options.withResponseMetadata(streamedMetadata),
            streamed);
        requests.onNext(StringValue.of("x"));
        requests.onCompleted();
        await(streamed.done);
        assertThat(streamedMetadata.headers().get("x-echo-user")).isEqualTo("alice");
        assertThat(streamedMetadata.trailers().getBinary("x-echo-token-bin")).isEqualTo(token);
    }

    @Test
    void statusCodesAndMessagesArriveDecodedWithTheirTrailers() {
        String message = "bad input: 100% 🙂 ünïcode\t\r\n end";
        GrpcStatusException error = statusOf(client.call(FAIL, StringValue.of("INVALID_ARGUMENT:" + message)));
        assertThat(error.code()).isEqualTo(GrpcStatus.Code.INVALID_ARGUMENT);
        assertThat(error.status().description()).isEqualTo(message);
        assertThat(error.trailers().get("x-detail")).isEqualTo("detail of INVALID_ARGUMENT");
        assertThat(error.mayHaveReachedServer()).isTrue();

        assertThat(statusOf(client.call(FAIL, StringValue.of("NOT_FOUND:nothing"))).code())
            .isEqualTo(GrpcStatus.Code.NOT_FOUND);
        assertThatThrownBy(() -> client.callBlocking(FAIL, StringValue.of("ABORTED:stop")))
            .isInstanceOfSatisfying(GrpcStatusException.class, e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.ABORTED));
    }

    @Test
    void unknownMethodsAndServicesAreUnimplemented() throws Exception {
        assertThat(statusOf(client.call(MISSING, StringValue.of("x"))).code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
        var otherService = io.cloudwego.kitex.serviceinfo.ProtobufMethodDescriptor.unary("kitex.test.Nowhere/Echo",
            GrpcClientTestService.TEXT, GrpcClientTestService.TEXT,
            (Object s, StringValue r) -> CompletableFuture.completedFuture(r));
        try (KitexClient nowhere = KitexClient.builder("nowhere", io.cloudwego.kitex.serviceinfo.ServiceDescriptor
                .protobuf("kitex.test.Nowhere", Object.class, otherService))
            .addresses("127.0.0.1:" + peer.port()).transport(Transport.GRPC).connectTimeout(Duration.ofSeconds(5))
            .build()) {
            assertThat(statusOf(nowhere.call(otherService, StringValue.of("x"))).code())
                .isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
        }
        assertThat(await(client.call(ECHO, StringValue.of("still fine"))).getValue()).isEqualTo("still fine");
    }

    @Test
    void aDeadlineCancelsTheCallOnBothSides() {
        client.callBlocking(ECHO, StringValue.of("connect first, so that the deadline is the server's to see"));
        GrpcStatusException error = statusOf(client.call(SLEEP, StringValue.of("zz"),
            CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300))));
        assertThat(error.code()).isEqualTo(GrpcStatus.Code.DEADLINE_EXCEEDED);
        assertThat(peer.callsWithDeadline.get()).isEqualTo(1);
        Eventually.await("the server sees the call cancelled", () -> peer.cancellations.get() == 1);
    }

    @Test
    void theClientsRpcTimeoutIsTheUnaryDeadline() {
        try (KitexClient timed = clientOf(peer.port()).rpcTimeout("Sleep", Duration.ofMillis(300)).build()) {
            timed.callBlocking(ECHO, StringValue.of("connect first, so that the deadline is the server's to see"));
            assertThat(statusOf(timed.call(SLEEP, StringValue.of("zz"))).code())
                .isEqualTo(GrpcStatus.Code.DEADLINE_EXCEEDED);
        }
        Eventually.await("the server sees the call cancelled", () -> peer.cancellations.get() == 1);
    }

    @Test
    void cancellingAfterTheFirstResponseReachesTheServer() throws Exception {
        Responses<StringValue, StringValue> responses = new Responses<>() {
            @Override
            public void onNext(StringValue value) {
                super.onNext(value);
                requestStream.cancel("enough", null);
            }
        };
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, responses);
        requests.onNext(StringValue.of("first"));
        GrpcStatusException error = statusOf(responses.done);
        assertThat(error.code()).isEqualTo(GrpcStatus.Code.CANCELLED);
        assertThat(error.status().description()).isEqualTo("enough");
        assertThat(responses.values).extracting(StringValue::getValue).containsExactly("first");
        Eventually.await("the server sees the call cancelled", () -> peer.cancellations.get() == 1);
        requests.onNext(StringValue.of("ignored after cancel"));
    }

    @Test
    void cancellingRightAfterTheStartFailsTheCall() {
        Responses<StringValue, StringValue> responses = new Responses<>();
        StreamObserver<StringValue> requests = client.clientStreamingCall(COLLECT, responses);
        responses.requestStream.cancel(null, new IllegalStateException("changed my mind"));
        GrpcStatusException error = statusOf(responses.done);
        assertThat(error.code()).isEqualTo(GrpcStatus.Code.CANCELLED);
        assertThat(error.getCause()).hasMessage("changed my mind");
        requests.onNext(StringValue.of("dropped"));
    }

    @Test
    void gzipBothWays() throws Exception {
        assertThat(await(client.call(ECHO, StringValue.of("gzip please".repeat(100)),
            CallOptions.DEFAULT.withCompression("gzip"))).getValue()).isEqualTo("gzip please".repeat(100));
        assertThat(peer.lastHeaders.get().get(io.grpc.Metadata.Key.of("grpc-encoding",
            io.grpc.Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("gzip");

        try (KitexClient gzip = clientOf(peer.port()).grpcCompression("gzip").build()) {
            Responses<StringValue, StringValue> responses = new Responses<>();
            StreamObserver<StringValue> requests = gzip.bidiStreamingCall(CHAT, responses);
            requests.onNext(StringValue.of("one"));
            requests.onNext(StringValue.of("two"));
            requests.onCompleted();
            await(responses.done);
            assertThat(responses.values).extracting(StringValue::getValue).containsExactly("one", "two");
        }
        assertThatThrownBy(() -> CallOptions.DEFAULT.withCompression("br"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compression");
    }

    @Test
    void aTenMebibyteRequest() throws Exception {
        byte[] big = new byte[10 * 1024 * 1024];
        big[big.length - 1] = 7;
        assertThat(await(client.call(SIZE, BytesValue.of(ByteString.copyFrom(big)))).getValue())
            .isEqualTo(Integer.toString(big.length));
    }

    @Test
    void aResponseOverTheLimitFailsItsCallOnly() throws Exception {
        try (KitexClient small = clientOf(peer.port()).maxInboundMessageSize(1024 * 1024).build()) {
            GrpcStatusException error = statusOf(small.call(BLOB, StringValue.of(Integer.toString(2 * 1024 * 1024))));
            assertThat(error.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED);
            assertThat(await(small.call(BLOB, StringValue.of("1000"))).getValue().size()).isEqualTo(1000);
        }
    }

    @Test
    void aSlowReaderPushesBackOnTheServer() throws Exception {
        int count = 400;
        int size = 64 * 1024;
        Responses<StringValue, BytesValue> responses = new Responses<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<StringValue> requestStream) {
                super.beforeStart(requestStream);
                requestStream.disableAutoRequest();
            }
        };
        client.serverStreamingCall(FLOOD, StringValue.of(count + ":" + size), responses);
        responses.requestStream.request(1);
        Eventually.await("the server finds its call not ready", () -> peer.floodNotReady.get() > 0);
        Eventually.await("the first response arrives", () -> responses.values.size() == 1);
        int sentWhileBlocked = peer.floodSent.get();
        assertThat(sentWhileBlocked).isLessThan(count);
        assertThat(responses.done).isNotDone();

        responses.requestStream.request(Integer.MAX_VALUE);
        await(responses.done);
        assertThat(responses.values).hasSize(count).allSatisfy(value -> assertThat(value.getValue().size()).isEqualTo(size));
    }

    @Test
    void requestsRespectTheServersWindowAndReadiness() throws Exception {
        Responses<StringValue, StringValue> responses = new Responses<>();
        List<Boolean> readiness = new CopyOnWriteArrayList<>();
        StreamObserver<StringValue> requests = client.clientStreamingCall(COLLECT, responses);
        ClientCallStreamObserver<StringValue> callStream = responses.requestStream;
        String chunk = "x".repeat(256 * 1024);
        for (int i = 0; i < 20; i++) {
            requests.onNext(StringValue.of(chunk));
            readiness.add(callStream.isReady());
        }
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values.get(0).getValue()).hasSize(20 * chunk.length() + 19);
        assertThat(readiness).contains(false);
    }

    @Test
    void theOnReadyHandlerRunsWhenTheCallCanTakeMore() throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Responses<StringValue, StringValue> responses = new Responses<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<StringValue> requestStream) {
                super.beforeStart(requestStream);
                requestStream.setOnReadyHandler(() -> ready.complete(null));
            }
        };
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, responses);
        await(ready);
        assertThat(responses.requestStream.isReady()).isTrue();
        requests.onCompleted();
        await(responses.done);
    }

    @Test
    void aServerShuttingDownFinishesItsCallsAndNewCallsGoElsewhere() throws Exception {
        int port = peer.port();
        Responses<StringValue, StringValue> responses = new Responses<>();
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, responses);
        requests.onNext(StringValue.of("before"));
        Eventually.await("the first echo", () -> responses.values.size() == 1);
        peer.shutdown();
        requests.onNext(StringValue.of("after"));
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values).extracting(StringValue::getValue).containsExactly("before", "after");

        Throwable refused = statusOrCause(client.call(ECHO, StringValue.of("new")));
        assertThat(refused).isInstanceOf(ConnectFailedException.class);
        assertThat(((ConnectFailedException) refused).mayHaveReachedServer()).isFalse();

        try (GrpcJavaPeer replacement = new GrpcJavaPeer(NettyServerBuilder.forAddress(
            new InetSocketAddress("127.0.0.1", port)))) {
            assertThat(await(client.call(ECHO, StringValue.of("again"))).getValue()).isEqualTo("again");
        }
    }

    @Test
    void callsInFlightFailUnavailableWhenTheServerStopsAbruptly() throws Exception {
        Responses<StringValue, StringValue> responses = new Responses<>();
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, responses);
        requests.onNext(StringValue.of("before"));
        Eventually.await("the first echo", () -> responses.values.size() == 1);
        peer.close();
        GrpcStatusException error = statusOf(responses.done);
        assertThat(error.code()).isIn(GrpcStatus.Code.UNAVAILABLE, GrpcStatus.Code.CANCELLED);
        assertThat(error.mayHaveReachedServer()).isTrue();
        peer = new GrpcJavaPeer();
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KitexClient refused = clientOf(closedPort).build()) {
            Throwable error = statusOrCause(refused.call(ECHO, StringValue.of("x")));
            assertThat(error).isInstanceOf(ConnectFailedException.class);
            assertThat(((ConnectFailedException) error).mayHaveReachedServer()).isFalse();

            Responses<StringValue, StringValue> responses = new Responses<>();
            refused.bidiStreamingCall(CHAT, responses).onNext(StringValue.of("lost"));
            assertThat(statusOrCause(responses.done)).isInstanceOf(ConnectFailedException.class);
        }
    }

    @Test
    void moreConnectionsOpenWhenTheServerLimitsConcurrentStreams() throws Exception {
        try (GrpcJavaPeer limited = new GrpcJavaPeer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxConcurrentCallsPerConnection(1));
             KitexClient oneConnection = clientOf(limited.port()).connectionsPerAddress(1).build()) {
            assertThat(await(oneConnection.call(ECHO, StringValue.of("warm up"))).getValue()).isEqualTo("warm up");
            Responses<StringValue, StringValue> first = new Responses<>();
            Responses<StringValue, StringValue> second = new Responses<>();
            StreamObserver<StringValue> firstRequests = oneConnection.bidiStreamingCall(CHAT, first);
            StreamObserver<StringValue> secondRequests = oneConnection.bidiStreamingCall(CHAT, second);
            firstRequests.onNext(StringValue.of("1"));
            secondRequests.onNext(StringValue.of("2"));
            Eventually.await("both streams answer", () -> first.values.size() == 1 && second.values.size() == 1);
            assertThat(oneConnection.openConnections()).isEqualTo(2);
            firstRequests.onCompleted();
            secondRequests.onCompleted();
            await(first.done);
            await(second.done);
        }
    }

    @Test
    void streamingCallsWorkWhateverTheUnaryTransport() throws Exception {
        try (KitexClient framed = clientOf(peer.port()).transport(Transport.TTHEADER_FRAMED).build()) {
            Responses<StringValue, StringValue> responses = new Responses<>();
            framed.serverStreamingCall(COUNT, StringValue.of("2"), responses);
            await(responses.done);
            assertThat(responses.values).hasSize(2);
            assertThatThrownBy(() -> framed.call(ECHO, StringValue.of("x"), CallOptions.DEFAULT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("over TTHEADER_FRAMED");
        }
    }

    @Test
    void aThriftServiceCannotUseTheGrpcTransport() {
        assertThatThrownBy(() -> KitexClient.builder("ping", io.cloudwego.kitex.testing.PingService.DESCRIPTOR)
            .transport(Transport.GRPC).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("GRPC needs a Protobuf service");
    }

    private static Throwable statusOrCause(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

}
