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
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.netty.EventLoops;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.streaming.ClientCallStreamObserver;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.Responses;
import io.netty.channel.EventLoopGroup;
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

/**
 * What kitex-java's gRPC client does against a server implementing {@link GrpcClientTestService} over
 * real sockets; a subclass per server, which reports what the server saw.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class GrpcClientContractTest {
    static final Duration WAIT = Eventually.DEFAULT_TIMEOUT;

    KitexClient client;
    final List<RpcInfo> seenByMiddleware = new CopyOnWriteArrayList<>();

    /** Starts the server. */
    abstract void startPeer() throws Exception;

    /** Stops the server, if it still runs. */
    abstract void stopPeer() throws Exception;

    abstract int port();

    /** The last Echo request's ASCII metadata value of {@code name}, as the server saw it. */
    abstract String seenHeader(String name);

    /** The last Echo request's binary metadata value of {@code name}, as the server saw it. */
    abstract byte[] seenBinaryHeader(String name);

    /** Checks that the server saw the last Echo request's transient TRACE_ID t-1 and persistent TENANT a. */
    abstract void assertMetainfoSeen();

    /** Calls the server saw cancelled. */
    abstract int cancellations();

    /** Sleep calls that had a deadline on the server. */
    abstract int callsWithDeadline();

    /** Messages the Flood call sent, and the times it found itself not ready. */
    abstract int floodSent();

    abstract int floodNotReady();

    @BeforeEach
    void start() throws Exception {
        startPeer();
        client = clientOf(port()).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        stopPeer();
    }

    KitexClient.Builder clientOf(int port) {
        return KitexClient.builder("test", GrpcClientTestService.DESCRIPTOR)
            .addresses("127.0.0.1:" + port)
            .transport(Transport.GRPC)
            .connectTimeout(Duration.ofSeconds(5))
            .middleware(next -> (info, request) -> {
                seenByMiddleware.add(info);
                return next.call(info, request);
            });
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static GrpcStatusException statusOf(CompletableFuture<?> future) {
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
            assertThat(info.callee().address()).isEqualTo(new InetSocketAddress("127.0.0.1", port()));
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
        assertThat(seenHeader("x-user")).isEqualTo("alice");
        assertThat(seenBinaryHeader("x-token-bin")).isEqualTo(token);
        assertMetainfoSeen();
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
        var otherService = io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor.unary("kitex.test.Nowhere/Echo",
            GrpcClientTestService.TEXT, GrpcClientTestService.TEXT,
            (Object s, StringValue r) -> CompletableFuture.completedFuture(r));
        try (KitexClient nowhere = KitexClient.builder("nowhere", io.cloudwego.kitex.serviceinfo.ServiceDescriptor
                .protobuf("kitex.test.Nowhere", Object.class, otherService))
            .addresses("127.0.0.1:" + port()).transport(Transport.GRPC).connectTimeout(Duration.ofSeconds(5))
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
        assertThat(callsWithDeadline()).isEqualTo(1);
        Eventually.await("the server sees the call cancelled", () -> cancellations() == 1);
    }

    @Test
    void theClientsRpcTimeoutIsTheUnaryDeadline() {
        try (KitexClient timed = clientOf(port()).rpcTimeout("Sleep", Duration.ofMillis(300)).build()) {
            timed.callBlocking(ECHO, StringValue.of("connect first, so that the deadline is the server's to see"));
            assertThat(statusOf(timed.call(SLEEP, StringValue.of("zz"))).code())
                .isEqualTo(GrpcStatus.Code.DEADLINE_EXCEEDED);
        }
        Eventually.await("the server sees the call cancelled", () -> cancellations() == 1);
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
        Eventually.await("the server sees the call cancelled", () -> cancellations() == 1);
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

        try (KitexClient gzip = clientOf(port()).grpcCompression("gzip").build()) {
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
        try (KitexClient small = clientOf(port()).maxGrpcMessageSize(1024 * 1024).build()) {
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
        Eventually.await("the server finds its call not ready", () -> floodNotReady() > 0);
        Eventually.await("the first response arrives", () -> responses.values.size() == 1);
        int sentWhileBlocked = floodSent();
        assertThat(sentWhileBlocked).isLessThan(count);
        assertThat(responses.done).isNotDone();

        responses.requestStream.request(Integer.MAX_VALUE);
        await(responses.done);
        assertThat(responses.values).hasSize(count).allSatisfy(value -> assertThat(value.getValue().size()).isEqualTo(size));
    }

    @Test
    void requestsRespectTheServersWindowAndReadiness() throws Exception {
        String chunk = "x".repeat(256 * 1024);
        Responses<StringValue, StringValue> blocking = new Responses<>();
        StreamObserver<StringValue> requests = client.clientStreamingCall(COLLECT, blocking);
        for (int i = 0; i < 20; i++) {
            requests.onNext(StringValue.of(chunk));
        }
        requests.onCompleted();
        await(blocking.done);
        assertThat(blocking.values.get(0).getValue()).hasSize(20 * chunk.length() + 19);

        // An event loop never blocks in onNext: it sees the call not ready instead, then ready again.
        List<Boolean> readiness = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> readyAgain = new CompletableFuture<>();
        Responses<StringValue, StringValue> nonBlocking = new Responses<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<StringValue> requestStream) {
                super.beforeStart(requestStream);
                requestStream.setOnReadyHandler(() -> {
                    if (readiness.contains(false)) {
                        readyAgain.complete(null);
                    }
                });
            }
        };
        StreamObserver<StringValue> loopRequests = client.clientStreamingCall(COLLECT, nonBlocking);
        EventLoopGroup loop = EventLoops.newGroup(1, "test-sender", true);
        try {
            loop.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    loopRequests.onNext(StringValue.of(chunk));
                    readiness.add(nonBlocking.requestStream.isReady());
                }
                loopRequests.onCompleted();
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            await(nonBlocking.done);
            await(readyAgain);
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
        assertThat(readiness).contains(false);
        assertThat(nonBlocking.values.get(0).getValue()).hasSize(20 * chunk.length() + 19);
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
    void streamingCallsWorkWhateverTheUnaryTransport() throws Exception {
        try (KitexClient framed = clientOf(port()).transport(Transport.TTHEADER_FRAMED).build()) {
            Responses<StringValue, StringValue> responses = new Responses<>();
            framed.serverStreamingCall(COUNT, StringValue.of("2"), responses);
            await(responses.done);
            assertThat(responses.values).hasSize(2);
            assertThatThrownBy(() -> framed.call(ECHO, StringValue.of("x"), CallOptions.DEFAULT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("over TTHEADER_FRAMED");
        }
    }

    static Throwable statusOrCause(CompletableFuture<?> future) {
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
