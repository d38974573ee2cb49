package io.cloudwego.kitex.client;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A grpc-java server (its shaded Netty transport) implementing {@link GrpcClientTestService}, and
 * recording what the tests check on the server side: request headers, cancellations, deadlines and
 * flow-control readiness.
 */
final class GrpcJavaPeer implements AutoCloseable {
    static final Metadata.Key<String> USER = Metadata.Key.of("x-user", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<byte[]> TOKEN = Metadata.Key.of("x-token-bin", Metadata.BINARY_BYTE_MARSHALLER);
    static final Metadata.Key<String> ECHO_USER = Metadata.Key.of("x-echo-user", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<byte[]> ECHO_TOKEN =
        Metadata.Key.of("x-echo-token-bin", Metadata.BINARY_BYTE_MARSHALLER);
    static final Metadata.Key<String> DETAIL = Metadata.Key.of("x-detail", Metadata.ASCII_STRING_MARSHALLER);

    final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
    final AtomicInteger cancellations = new AtomicInteger();
    final AtomicInteger callsWithDeadline = new AtomicInteger();
    final AtomicInteger floodSent = new AtomicInteger();
    final AtomicInteger floodNotReady = new AtomicInteger();
    private final Server server;

    GrpcJavaPeer() {
        this(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)));
    }

    GrpcJavaPeer(NettyServerBuilder builder) {
        ServerServiceDefinition service = ServerServiceDefinition.builder(GrpcClientTestService.SERVICE)
            .addMethod(grpc(GrpcClientTestService.ECHO), ServerCalls.asyncUnaryCall((request, responses) -> {
                compressIfAsked(request.getValue(), responses);
                responses.onNext(request);
                responses.onCompleted();
            }))
            .addMethod(grpc(GrpcClientTestService.SIZE), ServerCalls.asyncUnaryCall((request, responses) -> {
                responses.onNext(StringValue.of(Integer.toString(request.getValue().size())));
                responses.onCompleted();
            }))
            .addMethod(grpc(GrpcClientTestService.BLOB), ServerCalls.asyncUnaryCall((request, responses) -> {
                responses.onNext(BytesValue.of(com.google.protobuf.ByteString.copyFrom(
                    new byte[Integer.parseInt(request.getValue())])));
                responses.onCompleted();
            }))
            .addMethod(grpc(GrpcClientTestService.FAIL), ServerCalls.<StringValue, Empty>asyncUnaryCall(
                (request, responses) -> {
                    String[] codeAndMessage = request.getValue().split(":", 2);
                    Metadata trailers = new Metadata();
                    trailers.put(DETAIL, "detail of " + codeAndMessage[0]);
                    responses.onError(Status.fromCode(Status.Code.valueOf(codeAndMessage[0]))
                        .withDescription(codeAndMessage[1]).asRuntimeException(trailers));
                }))
            .addMethod(grpc(GrpcClientTestService.SLEEP), ServerCalls.<StringValue, Empty>asyncUnaryCall(
                (request, responses) -> {
                    if (Context.current().getDeadline() != null) {
                        callsWithDeadline.incrementAndGet();
                    }
                    ((ServerCallStreamObserver<Empty>) responses).setOnCancelHandler(cancellations::incrementAndGet);
                }))
            .addMethod(grpc(GrpcClientTestService.COUNT), ServerCalls.asyncServerStreamingCall((request, responses) -> {
                for (int i = 0; i < Integer.parseInt(request.getValue()); i++) {
                    responses.onNext(StringValue.of(Integer.toString(i)));
                }
                responses.onCompleted();
            }))
            .addMethod(grpc(GrpcClientTestService.FLOOD), ServerCalls.asyncServerStreamingCall(this::flood))
            .addMethod(grpc(GrpcClientTestService.COLLECT), ServerCalls.asyncClientStreamingCall(responses ->
                new StreamObserver<StringValue>() {
                    private final List<String> received = new ArrayList<>();

                    @Override
                    public void onNext(StringValue value) {
                        received.add(value.getValue());
                    }

                    @Override
                    public void onError(Throwable t) {
                        cancellations.incrementAndGet();
                    }

                    @Override
                    public void onCompleted() {
                        responses.onNext(StringValue.of(String.join(",", received)));
                        responses.onCompleted();
                    }
                }))
            .addMethod(grpc(GrpcClientTestService.CHAT), ServerCalls.asyncBidiStreamingCall(responses -> {
                ((ServerCallStreamObserver<StringValue>) responses).setOnCancelHandler(cancellations::incrementAndGet);
                return new StreamObserver<StringValue>() {
                    @Override
                    public void onNext(StringValue value) {
                        responses.onNext(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        responses.onCompleted();
                    }
                };
            }))
            .build();
        try {
            server = builder
                .maxInboundMessageSize(64 * 1024 * 1024)
                .addService(ServerInterceptors.intercept(service, new EchoMetadata()))
                .build()
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** Stops taking calls (GOAWAY); calls in flight go on. */
    void shutdown() {
        server.shutdown();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static void compressIfAsked(String request, StreamObserver<?> responses) {
        if (request.startsWith("gzip")) {
            ((ServerCallStreamObserver<?>) responses).setCompression("gzip");
        }
    }

    private void flood(StringValue request, StreamObserver<BytesValue> plainResponses) {
        String[] countAndSize = request.getValue().split(":");
        int count = Integer.parseInt(countAndSize[0]);
        BytesValue message = BytesValue.of(com.google.protobuf.ByteString.copyFrom(new byte[Integer.parseInt(countAndSize[1])]));
        ServerCallStreamObserver<BytesValue> responses = (ServerCallStreamObserver<BytesValue>) plainResponses;
        responses.setOnReadyHandler(() -> {
            while (floodSent.get() < count) {
                if (!responses.isReady()) {
                    floodNotReady.incrementAndGet();
                    return;
                }
                responses.onNext(message);
                if (floodSent.incrementAndGet() == count) {
                    responses.onCompleted();
                }
            }
        });
    }

    /** Echoes x-user in the response headers and x-token-bin in the trailers, and keeps the request headers. */
    private final class EchoMetadata implements ServerInterceptor {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                     ServerCallHandler<ReqT, RespT> next) {
            lastHeaders.set(headers);
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendHeaders(Metadata responseHeaders) {
                    if (headers.containsKey(USER)) {
                        responseHeaders.put(ECHO_USER, headers.get(USER));
                    }
                    super.sendHeaders(responseHeaders);
                }

                @Override
                public void close(Status status, Metadata trailers) {
                    if (headers.containsKey(TOKEN)) {
                        trailers.put(ECHO_TOKEN, headers.get(TOKEN));
                    }
                    super.close(status, trailers);
                }
            }, headers);
        }
    }

    /** The grpc-java descriptor of one of the test service's methods. */
    static <Req extends Message, Resp extends Message> MethodDescriptor<Req, Resp> grpc(
        StreamingMethodDescriptor<?, Req, Resp> method) {
        MethodDescriptor.MethodType type;
        switch (method.kind()) {
            case SERVER_STREAMING:
                type = MethodDescriptor.MethodType.SERVER_STREAMING;
                break;
            case CLIENT_STREAMING:
                type = MethodDescriptor.MethodType.CLIENT_STREAMING;
                break;
            case BIDI_STREAMING:
                type = MethodDescriptor.MethodType.BIDI_STREAMING;
                break;
            default:
                type = MethodDescriptor.MethodType.UNARY;
        }
        return MethodDescriptor.<Req, Resp>newBuilder()
            .setType(type)
            .setFullMethodName(method.fullName())
            .setRequestMarshaller(ProtoUtils.marshaller(defaultOf(method.requestCodec())))
            .setResponseMarshaller(ProtoUtils.marshaller(defaultOf(method.responseCodec())))
            .build();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T defaultOf(io.cloudwego.kitex.remote.codec.MessageCodec<T> codec) {
        io.netty.buffer.ByteBuf empty = io.netty.buffer.Unpooled.EMPTY_BUFFER;
        return codec.read(empty);
    }
}
