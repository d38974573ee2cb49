package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BytesValue;
import com.google.protobuf.StringValue;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.streaming.ServerCallStreamObserver;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC server against grpc-java's client over real sockets, on the port that also serves Thrift. */
class GrpcServerTest {
    private static final String SPECIAL = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

    private static final List<RpcInfo> MIDDLEWARE_SAW = new CopyOnWriteArrayList<>();

    private static KitexServer server;
    private static GrpcTestService.Handlers handlers;
    private ManagedChannel channel;

    @BeforeAll
    static void startServer() {
        handlers = new GrpcTestService.Handlers();
        server = KitexServer.builder().host("127.0.0.1").port(0)
            .middleware(next -> (info, request) -> {
                MIDDLEWARE_SAW.add(info);
                return next.call(info, request);
            })
            .service(NamedService.DESCRIPTOR, () -> "thrift")
            .service(GrpcTestService.DESCRIPTOR, handlers)
            .build().start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(Duration.ofSeconds(1));
    }

    @BeforeEach
    void connect() {
        handlers.reset();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        Eventually.await("no call left in flight", () -> server.metrics().inFlightRequests() == 0);
    }

    private static StringValue text(String value) {
        return StringValue.of(value);
    }

    private StringValue unary(String value, CallOptions options) {
        return ClientCalls.blockingUnaryCall(channel, GrpcTestService.Client.UNARY, options, text(value));
    }

    @Test
    void servesAUnaryGrpcCallAndAThriftCallOnOnePort() {
        assertThat(unary("hello", CallOptions.DEFAULT).getValue()).isEqualTo("hello");
        try (KitexClient thrift = KitexClient.builder("named", NamedService.DESCRIPTOR)
            .addresses("127.0.0.1:" + server.port()).build()) {
            assertThat(thrift.callBlocking(NamedService.NAME, "")).isEqualTo("thrift");
        }
        assertThat(unary("again", CallOptions.DEFAULT).getValue()).isEqualTo("again");
    }

    @Test
    void unaryHandlersSeeAGrpcRpcInfoAndRunInsideTheMiddlewareChain() {
        AtomicReference<RpcInfo> seen = new AtomicReference<>();
        handlers.unary = request -> {
            seen.set(RpcInfo.current());
            return CompletableFuture.completedFuture(request);
        };
        MIDDLEWARE_SAW.clear();
        unary("x", CallOptions.DEFAULT);
        assertThat(MIDDLEWARE_SAW).containsExactly(seen.get());
        assertThat(seen.get().transport()).isEqualTo(Transport.GRPC);
        assertThat(seen.get().methodKind()).isEqualTo(MethodKind.UNARY);
        assertThat(seen.get().method()).isEqualTo("Unary");
        assertThat(seen.get().idlServiceName()).isEqualTo("Echo");
        assertThat(seen.get().rpcTimeout()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aUnaryResponseThatCannotBeEncodedEndsTheCallWithAnError() {
        GrpcTestService.Handlers own = new GrpcTestService.Handlers();
        KitexServer swapping = KitexServer.builder().host("127.0.0.1").port(0)
            .middleware(next -> (info, request) -> CompletableFuture.completedFuture("not a StringValue"))
            .service(GrpcTestService.DESCRIPTOR, own)
            .build().start();
        ManagedChannel toSwapping = NettyChannelBuilder.forAddress("127.0.0.1", swapping.port()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(toSwapping, GrpcTestService.Client.UNARY,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), text("x")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
            Eventually.await("the call is over", () -> swapping.metrics().inFlightRequests() == 0);
        } finally {
            toSwapping.shutdownNow();
            swapping.stop(Duration.ZERO);
        }
    }

    @Test
    void serverStreaming() {
        Iterator<BytesValue> responses = ClientCalls.blockingServerStreamingCall(channel,
            GrpcTestService.Client.SERVER_STREAM, CallOptions.DEFAULT, text("3"));
        List<String> got = new ArrayList<>();
        responses.forEachRemaining(value -> got.add(value.getValue().toStringUtf8()));
        assertThat(got).containsExactly("item-0", "item-1", "item-2");
    }

    @Test
    void requestMessagesWaitForTheHandlersRequestsAndCloseTheClientsWindow() throws Exception {
        AtomicReference<ServerCallStreamObserver<StringValue>> serverSide = new AtomicReference<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        handlers.clientStream = responses -> {
            ServerCallStreamObserver<StringValue> observer = (ServerCallStreamObserver<StringValue>) responses;
            observer.disableAutoRequest();
            serverSide.set(observer);
            return new StreamObserver<>() {
                @Override
                public void onNext(StringValue value) {
                    sizes.add(value.getValue().length());
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                    responses.onNext(text(Integer.toString(sizes.size())));
                    responses.onCompleted();
                }
            };
        };
        AtomicReference<ClientCallStreamObserver<StringValue>> requestStream = new AtomicReference<>();
        Recorder<StringValue> recorder = new Recorder<>();
        ClientCalls.asyncClientStreamingCall(channel.newCall(GrpcTestService.Client.CLIENT_STREAM, CallOptions.DEFAULT),
            new ClientResponseObserver<StringValue, StringValue>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<StringValue> stream) {
                    requestStream.set(stream);
                }

                @Override
                public void onNext(StringValue value) {
                    recorder.onNext(value);
                }

                @Override
                public void onError(Throwable t) {
                    recorder.onError(t);
                }

                @Override
                public void onCompleted() {
                    recorder.onCompleted();
                }
            });
        String chunk = "x".repeat(64 * 1024);
        int sent = 64;
        Eventually.await("the handler started", () -> serverSide.get() != null);
        for (int i = 0; i < sent; i++) {
            requestStream.get().onNext(text(chunk));
        }
        // 4 MiB sent against 1 MiB windows the server does not reopen: most of it stays queued in the client.
        Thread.sleep(300);
        assertThat(requestStream.get().isReady()).isFalse();
        assertThat(sizes).isEmpty();
        serverSide.get().request(sent);
        requestStream.get().onCompleted();
        assertThat(recorder.await()).isNull();
        assertThat(recorder.values.get(0).getValue()).isEqualTo(Integer.toString(sent));
        assertThat(sizes).hasSize(sent).allMatch(size -> size == chunk.length());
    }

    @Test
    void eventLoopHandlersServeEveryKind() throws Exception {
        KitexServer onEventLoop = KitexServer.builder().host("127.0.0.1").port(0)
            .service(GrpcTestService.DESCRIPTOR, new GrpcTestService.Handlers(), HandlerExecution.EVENT_LOOP)
            .build().start();
        ManagedChannel ownChannel = NettyChannelBuilder.forAddress("127.0.0.1", onEventLoop.port()).usePlaintext()
            .build();
        try {
            assertThat(ClientCalls.blockingUnaryCall(ownChannel, GrpcTestService.Client.UNARY, CallOptions.DEFAULT,
                text("loop")).getValue()).isEqualTo("loop");
            List<String> items = new ArrayList<>();
            ClientCalls.blockingServerStreamingCall(ownChannel, GrpcTestService.Client.SERVER_STREAM,
                CallOptions.DEFAULT, text("2")).forEachRemaining(v -> items.add(v.getValue().toStringUtf8()));
            assertThat(items).containsExactly("item-0", "item-1");
            Recorder<StringValue> recorder = new Recorder<>();
            io.grpc.stub.StreamObserver<StringValue> requests = ClientCalls.asyncBidiStreamingCall(
                ownChannel.newCall(GrpcTestService.Client.BIDI, CallOptions.DEFAULT), recorder);
            requests.onNext(text("a"));
            requests.onCompleted();
            assertThat(recorder.await()).isNull();
            assertThat(recorder.values).extracting(StringValue::getValue).containsExactly("echo:a");
        } finally {
            ownChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            onEventLoop.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void clientStreaming() throws Exception {
        Recorder<StringValue> recorder = new Recorder<>();
        io.grpc.stub.StreamObserver<StringValue> requests = ClientCalls.asyncClientStreamingCall(
            channel.newCall(GrpcTestService.Client.CLIENT_STREAM, CallOptions.DEFAULT), recorder);
        requests.onNext(text("a"));
        requests.onNext(text("b"));
        requests.onNext(text("c"));
        requests.onCompleted();
        assertThat(recorder.await()).isNull();
        assertThat(recorder.values).extracting(StringValue::getValue).containsExactly("a,b,c");
    }

    @Test
    void bidiStreaming() throws Exception {
        Recorder<StringValue> recorder = new Recorder<>();
        io.grpc.stub.StreamObserver<StringValue> requests = ClientCalls.asyncBidiStreamingCall(
            channel.newCall(GrpcTestService.Client.BIDI, CallOptions.DEFAULT), recorder);
        for (int i = 0; i < 100; i++) {
            requests.onNext(text("m" + i));
        }
        requests.onCompleted();
        assertThat(recorder.await()).isNull();
        assertThat(recorder.values).hasSize(100);
        assertThat(recorder.values.get(99).getValue()).isEqualTo("echo:m99");
    }

    @Test
    void aClientDeadlineReachesTheHandlerAndCancelsItsCall() throws Exception {
        AtomicReference<Duration> timeout = new AtomicReference<>();
        AtomicReference<Duration> remaining = new AtomicReference<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicReference<ServerCallStreamObserver<BytesValue>> call = new AtomicReference<>();
        handlers.serverStream = (request, responses) -> {
            timeout.set(RpcInfo.current().rpcTimeout());
            remaining.set(RpcInfo.current().remainingTime());
            ServerCallStreamObserver<BytesValue> observer = (ServerCallStreamObserver<BytesValue>) responses;
            call.set(observer);
            observer.setOnCancelHandler(cancelled::countDown);
        };
        Iterator<BytesValue> responses = ClientCalls.blockingServerStreamingCall(channel,
            GrpcTestService.Client.SERVER_STREAM, CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS), text("0"));
        assertThatThrownBy(responses::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(call.get().isCancelled()).isTrue();
        assertThat(timeout.get()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(remaining.get()).isPositive().isLessThanOrEqualTo(timeout.get());
        Eventually.await("the call finished", () -> server.metrics().inFlightRequests() == 0);
    }

    @Test
    void aUnaryCallPastItsDeadlineEndsDeadlineExceeded() {
        CompletableFuture<StringValue> never = new CompletableFuture<>();
        AtomicReference<GrpcServerCall> call = new AtomicReference<>();
        handlers.unary = request -> {
            call.set(GrpcServerCall.current());
            return never;
        };
        assertThatThrownBy(() -> unary("slow", CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS)))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        Eventually.await("the server cancelled the call", () -> call.get() != null && call.get().isCancelled());
    }

    @Test
    void statusCodeAndMessageRoundTripWithSpecialCharacters() {
        handlers.unary = request -> {
            throw GrpcStatusException.of(GrpcStatus.Code.UNKNOWN, SPECIAL);
        };
        assertThatThrownBy(() -> unary("x", CallOptions.DEFAULT)).isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                assertThat(e.getStatus().getDescription()).isEqualTo(SPECIAL);
            });
    }

    @Test
    void handlerFailuresMapAsKitexDoes() {
        handlers.unary = request -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
        assertThatThrownBy(() -> unary("x", CallOptions.DEFAULT)).isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                assertThat(e.getStatus().getDescription()).isEqualTo("boom");
            });

        handlers.unary = request -> {
            throw new BizStatusException(404, "no such user", Map.of("k", "v"));
        };
        AtomicReference<Metadata> captured = new AtomicReference<>();
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel,
                MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), captured)),
                GrpcTestService.Client.UNARY, CallOptions.DEFAULT, text("x")))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                assertThat(e.getStatus().getDescription()).isEqualTo("no such user");
            });
        Metadata trailers = captured.get();
        assertThat(trailers.get(Metadata.Key.of("biz-status", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("404");
        assertThat(trailers.get(Metadata.Key.of("biz-extra", Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void metadataTravelsBothWays() {
        AtomicReference<io.cloudwego.kitex.streaming.Metadata> received = new AtomicReference<>();
        AtomicReference<String> transit = new AtomicReference<>();
        handlers.unary = request -> {
            GrpcServerCall call = GrpcServerCall.current();
            received.set(call.requestHeaders());
            transit.set(Metainfo.current().transientValue("TRACE_ID"));
            call.responseHeaders().put("x-served-by", "kitex-java").putBinary("header-bin", new byte[] {1, 2, 3});
            call.responseTrailers().put("x-trailer", "done").putBinary("trailer-bin", new byte[] {(byte) 0xFF, 0});
            return CompletableFuture.completedFuture(request);
        };
        Metadata sent = new Metadata();
        sent.put(Metadata.Key.of("x-user", Metadata.ASCII_STRING_MARSHALLER), "alice");
        sent.put(Metadata.Key.of("blob-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {0, (byte) 0x80, 127});
        sent.put(Metadata.Key.of("rpc-transit-trace-id", Metadata.ASCII_STRING_MARSHALLER), "t-1");
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers)),
            GrpcTestService.Client.UNARY, CallOptions.DEFAULT, text("x"));

        assertThat(received.get().get("x-user")).isEqualTo("alice");
        assertThat(received.get().getBinary("blob-bin")).containsExactly(0, 0x80, 127);
        assertThat(received.get().keys()).doesNotContain("content-type", "te", "user-agent", "grpc-accept-encoding");
        assertThat(transit.get()).isEqualTo("t-1");
        assertThat(headers.get().get(Metadata.Key.of("x-served-by", Metadata.ASCII_STRING_MARSHALLER)))
            .isEqualTo("kitex-java");
        assertThat(headers.get().get(Metadata.Key.of("header-bin", Metadata.BINARY_BYTE_MARSHALLER)))
            .containsExactly(1, 2, 3);
        assertThat(trailers.get().get(Metadata.Key.of("x-trailer", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("done");
        assertThat(trailers.get().get(Metadata.Key.of("trailer-bin", Metadata.BINARY_BYTE_MARSHALLER)))
            .containsExactly(0xFF, 0);
    }

    @Test
    void gzipBothWaysWithPerMessageCompression() {
        AtomicReference<String> encoding = new AtomicReference<>();
        handlers.serverStream = (request, responses) -> {
            GrpcServerCall call = GrpcServerCall.current();
            call.responseCompression("gzip");
            for (int i = 0; i < 4; i++) {
                call.messageCompression(i % 2 == 0);
                responses.onNext(BytesValue.of(com.google.protobuf.ByteString.copyFromUtf8(
                    request.getValue() + "-" + i)));
            }
            responses.onCompleted();
        };
        AtomicReference<Metadata> headers = new AtomicReference<>();
        Iterator<BytesValue> responses = ClientCalls.blockingServerStreamingCall(ClientInterceptors.intercept(channel,
                MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>())),
            GrpcTestService.Client.SERVER_STREAM, CallOptions.DEFAULT.withCompression("gzip"),
            text("z".repeat(1000)));
        List<String> got = new ArrayList<>();
        responses.forEachRemaining(value -> got.add(value.getValue().toStringUtf8()));
        assertThat(got).hasSize(4);
        assertThat(got.get(3)).isEqualTo("z".repeat(1000) + "-3");
        encoding.set(headers.get().get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER)));
        assertThat(encoding.get()).isEqualTo("gzip");
    }

    @Test
    void handlersSeeWhetherEachRequestMessageArrivedCompressed() throws Exception {
        List<Boolean> unaryCompressed = new CopyOnWriteArrayList<>();
        handlers.unary = request -> {
            unaryCompressed.add(GrpcServerCall.current().requestMessageCompressed());
            return CompletableFuture.completedFuture(request);
        };
        unary("plain", CallOptions.DEFAULT);
        unary("zipped", CallOptions.DEFAULT.withCompression("gzip"));
        assertThat(unaryCompressed).containsExactly(false, true);

        List<Boolean> streamedCompressed = new CopyOnWriteArrayList<>();
        handlers.clientStream = responses -> new StreamObserver<>() {
            @Override
            public void onNext(StringValue value) {
                streamedCompressed.add(GrpcServerCall.current().requestMessageCompressed());
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
                responses.onNext(text(Integer.toString(streamedCompressed.size())));
                responses.onCompleted();
            }
        };
        Recorder<StringValue> recorder = new Recorder<>();
        ClientCallStreamObserver<StringValue> requests = (ClientCallStreamObserver<StringValue>)
            ClientCalls.asyncClientStreamingCall(channel.newCall(GrpcTestService.Client.CLIENT_STREAM,
                CallOptions.DEFAULT.withCompression("gzip")), recorder);
        requests.onNext(text("a"));
        requests.setMessageCompression(false);
        requests.onNext(text("b"));
        requests.setMessageCompression(true);
        requests.onNext(text("c"));
        requests.onCompleted();
        assertThat(recorder.await()).isNull();
        assertThat(streamedCompressed).containsExactly(true, false, true);
    }

    @Test
    void aTenMebibyteRequestPassesAndAnOversizedOneFailsOnlyItsCall() {
        handlers.unary = request -> CompletableFuture.completedFuture(text(Integer.toString(request.getValue().length())));
        CallOptions options = CallOptions.DEFAULT.withMaxOutboundMessageSize(64 << 20);
        assertThat(unary("a".repeat(10 << 20), options).getValue()).isEqualTo(Integer.toString(10 << 20));
        long errorsBefore = server.metrics().protocolErrors().getOrDefault("grpc-message-too-large", 0L);

        assertThatThrownBy(() -> unary("b".repeat(17 << 20), options))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(server.metrics().protocolErrors().get("grpc-message-too-large")).isEqualTo(errorsBefore + 1);
        assertThat(unary("still served", options).getValue()).isEqualTo("12");
    }

    @Test
    void aClientCancelReachesTheHandler() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch onCancel = new CountDownLatch(1);
        AtomicReference<Throwable> inboundError = new AtomicReference<>();
        CountDownLatch inboundFailed = new CountDownLatch(1);
        handlers.bidi = responses -> {
            ((ServerCallStreamObserver<StringValue>) responses).setOnCancelHandler(onCancel::countDown);
            return new StreamObserver<>() {
                @Override
                public void onNext(StringValue value) {
                    received.countDown();
                }

                @Override
                public void onError(Throwable error) {
                    inboundError.set(error);
                    inboundFailed.countDown();
                }

                @Override
                public void onCompleted() {
                }
            };
        };
        AtomicReference<ClientCallStreamObserver<StringValue>> requestStream = new AtomicReference<>();
        Recorder<StringValue> recorder = new Recorder<>();
        ClientCalls.asyncBidiStreamingCall(channel.newCall(GrpcTestService.Client.BIDI, CallOptions.DEFAULT),
            new ClientResponseObserver<StringValue, StringValue>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<StringValue> stream) {
                    requestStream.set(stream);
                }

                @Override
                public void onNext(StringValue value) {
                    recorder.onNext(value);
                }

                @Override
                public void onError(Throwable t) {
                    recorder.onError(t);
                }

                @Override
                public void onCompleted() {
                    recorder.onCompleted();
                }
            });
        requestStream.get().onNext(text("first"));
        assertThat(received.await(30, TimeUnit.SECONDS)).isTrue();
        requestStream.get().cancel("changed my mind", null);

        assertThat(onCancel.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(inboundFailed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(inboundError.get()).isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.CANCELLED));
        Eventually.await("the call finished", () -> server.metrics().inFlightRequests() == 0);
    }

    @Test
    void unknownServicesAndMethodsAreUnimplemented() {
        for (String name : new String[] {"kitex.test.Echo/Missing", "kitex.test.Nope/Unary"}) {
            int slash = name.indexOf('/');
            io.grpc.MethodDescriptor<StringValue, StringValue> missing = GrpcTestService.Client.UNARY.toBuilder()
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(name.substring(0, slash),
                    name.substring(slash + 1))).build();
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, missing, CallOptions.DEFAULT, text("x")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                    assertThat(e.getStatus().getDescription()).contains(name.startsWith("kitex.test.Echo")
                        ? "unknown method Missing" : "unknown service kitex.test.Nope");
                });
        }
        assertThat(unary("ok", CallOptions.DEFAULT).getValue()).isEqualTo("ok");
    }

    @Test
    void gracefulStopFinishesInFlightStreamsAndRefusesNewOnes() throws Exception {
        GrpcTestService.Handlers own = new GrpcTestService.Handlers();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<StringValue> release = new CompletableFuture<>();
        own.unary = request -> {
            if (request.getValue().equals("slow")) {
                started.countDown();
                return release;
            }
            return CompletableFuture.completedFuture(request);
        };
        KitexServer stopping = KitexServer.builder().host("127.0.0.1").port(0)
            .service(GrpcTestService.DESCRIPTOR, own).build().start();
        ManagedChannel ownChannel = NettyChannelBuilder.forAddress("127.0.0.1", stopping.port()).usePlaintext().build();
        try {
            CompletableFuture<StringValue> inFlight = CompletableFuture.supplyAsync(() -> ClientCalls.blockingUnaryCall(
                ownChannel, GrpcTestService.Client.UNARY, CallOptions.DEFAULT, text("slow")));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Thread stopper = new Thread(() -> stopping.stop(Duration.ofSeconds(30)));
            stopper.start();
            Eventually.await("the server stopped accepting", () -> !stopping.isRunning());
            AtomicBoolean refused = new AtomicBoolean();
            Eventually.await("new calls are refused", () -> {
                try {
                    ClientCalls.blockingUnaryCall(ownChannel, GrpcTestService.Client.UNARY,
                        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), text("new"));
                    return false;
                } catch (StatusRuntimeException e) {
                    refused.set(e.getStatus().getCode() == Status.Code.UNAVAILABLE);
                    return true;
                }
            });
            assertThat(refused).isTrue();
            assertThat(inFlight).isNotDone();
            release.complete(text("finished"));
            assertThat(inFlight.get(30, TimeUnit.SECONDS).getValue()).isEqualTo("finished");
            stopper.join(30_000);
            assertThat(stopper.isAlive()).isFalse();
        } finally {
            ownChannel.shutdownNow();
            stopping.stop(Duration.ZERO);
        }
    }

    /** Records a response stream. */
    static final class Recorder<V> implements io.grpc.stub.StreamObserver<V> {
        final List<V> values = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Throwable> done = new CompletableFuture<>();

        @Override
        public void onNext(V value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            done.complete(t);
        }

        @Override
        public void onCompleted() {
            done.complete(null);
        }

        /** The error the stream ended with, or {@code null} when it completed. */
        Throwable await() throws Exception {
            return done.get(30, TimeUnit.SECONDS);
        }
    }
}
