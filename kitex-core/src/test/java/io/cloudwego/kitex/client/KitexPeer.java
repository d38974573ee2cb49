package io.cloudwego.kitex.client;

import static io.cloudwego.kitex.client.GrpcClientTestService.BYTES;
import static io.cloudwego.kitex.client.GrpcClientTestService.EMPTY;
import static io.cloudwego.kitex.client.GrpcClientTestService.SERVICE;
import static io.cloudwego.kitex.client.GrpcClientTestService.TEXT;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.GrpcServerCall;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.ServerCallStreamObserver;
import io.cloudwego.kitex.streaming.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * kitex-java's own gRPC server implementing {@link GrpcClientTestService}, recording what the tests
 * check on the server side, as {@link GrpcJavaPeer} does for grpc-java.
 */
final class KitexPeer implements AutoCloseable {
    final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
    final AtomicReference<Metainfo> lastMetainfo = new AtomicReference<>();
    /** Whether the last Echo request arrived compressed. */
    final AtomicReference<Boolean> lastEchoCompressed = new AtomicReference<>();
    /** Whether each Collect request message arrived compressed, in order. */
    final List<Boolean> collectedCompressed = new CopyOnWriteArrayList<>();
    final AtomicInteger cancellations = new AtomicInteger();
    final AtomicInteger callsWithDeadline = new AtomicInteger();
    final AtomicInteger floodSent = new AtomicInteger();
    final AtomicInteger floodNotReady = new AtomicInteger();
    private final KitexServer server;

    KitexPeer() {
        ServiceDescriptor<KitexPeer> descriptor = ServiceDescriptor.protobuf(SERVICE, KitexPeer.class,
            StreamingMethodDescriptor.unary(SERVICE + "/Echo", TEXT, TEXT, KitexPeer::echo),
            StreamingMethodDescriptor.unary(SERVICE + "/Size", BYTES, TEXT, (peer, request) ->
                CompletableFuture.completedFuture(StringValue.of(Integer.toString(request.getValue().size())))),
            StreamingMethodDescriptor.unary(SERVICE + "/Blob", TEXT, BYTES, (peer, request) ->
                CompletableFuture.completedFuture(BytesValue.of(ByteString.copyFrom(
                    new byte[Integer.parseInt(request.getValue())])))),
            StreamingMethodDescriptor.<KitexPeer, StringValue, Empty>unary(SERVICE + "/Fail", TEXT, EMPTY,
                (peer, request) -> {
                    String[] codeAndMessage = request.getValue().split(":", 2);
                    Metadata trailers = new Metadata().put("x-detail", "detail of " + codeAndMessage[0]);
                    throw new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.valueOf(codeAndMessage[0]),
                        codeAndMessage[1]), trailers);
                }),
            StreamingMethodDescriptor.unary(SERVICE + "/Sleep", TEXT, EMPTY, KitexPeer::sleep),
            StreamingMethodDescriptor.serverStreaming(SERVICE + "/Count", TEXT, TEXT, (peer, request, responses) -> {
                for (int i = 0; i < Integer.parseInt(request.getValue()); i++) {
                    responses.onNext(StringValue.of(Integer.toString(i)));
                }
                responses.onCompleted();
            }),
            StreamingMethodDescriptor.serverStreaming(SERVICE + "/Flood", TEXT, BYTES, KitexPeer::flood),
            StreamingMethodDescriptor.clientStreaming(SERVICE + "/Collect", TEXT, TEXT, KitexPeer::collect),
            StreamingMethodDescriptor.bidiStreaming(SERVICE + "/Chat", TEXT, TEXT, KitexPeer::chat));
        server = KitexServer.builder().host("127.0.0.1").port(0).maxGrpcMessageSize(64 * 1024 * 1024)
            .service(descriptor, this).build().start();
    }

    int port() {
        return server.port();
    }

    /** Stops the server: GOAWAY, then calls in flight may finish. */
    void stop() {
        server.close();
    }

    @Override
    public void close() {
        server.close();
    }

    private CompletableFuture<StringValue> echo(StringValue request) {
        GrpcServerCall call = GrpcServerCall.current();
        lastHeaders.set(call.requestHeaders());
        lastMetainfo.set(Metainfo.current());
        lastEchoCompressed.set(call.requestMessageCompressed());
        echoMetadata(call);
        if (request.getValue().startsWith("gzip")) {
            call.responseCompression("gzip");
        }
        return CompletableFuture.completedFuture(request);
    }

    private static void echoMetadata(GrpcServerCall call) {
        String user = call.requestHeaders().get("x-user");
        if (user != null) {
            call.responseHeaders().put("x-echo-user", user);
        }
        byte[] token = call.requestHeaders().getBinary("x-token-bin");
        if (token != null) {
            call.responseTrailers().putBinary("x-echo-token-bin", token);
        }
    }

    private CompletableFuture<Empty> sleep(StringValue request) {
        if (RpcInfo.current().remainingTime() != null) {
            callsWithDeadline.incrementAndGet();
        }
        GrpcServerCall call = GrpcServerCall.current();
        CompletableFuture<Empty> never = new CompletableFuture<>();
        Thread watcher = new Thread(() -> {
            while (!call.isCancelled()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            cancellations.incrementAndGet();
        });
        watcher.setDaemon(true);
        watcher.start();
        return never;
    }

    private void flood(StringValue request, StreamObserver<BytesValue> plainResponses) {
        String[] countAndSize = request.getValue().split(":");
        int count = Integer.parseInt(countAndSize[0]);
        BytesValue message = BytesValue.of(ByteString.copyFrom(new byte[Integer.parseInt(countAndSize[1])]));
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

    private StreamObserver<StringValue> collect(StreamObserver<StringValue> responses) {
        return new StreamObserver<>() {
            private final List<String> received = new ArrayList<>();

            @Override
            public void onNext(StringValue value) {
                received.add(value.getValue());
                collectedCompressed.add(GrpcServerCall.current().requestMessageCompressed());
            }

            @Override
            public void onError(Throwable error) {
                cancellations.incrementAndGet();
            }

            @Override
            public void onCompleted() {
                responses.onNext(StringValue.of(String.join(",", received)));
                responses.onCompleted();
            }
        };
    }

    private StreamObserver<StringValue> chat(StreamObserver<StringValue> responses) {
        GrpcServerCall call = GrpcServerCall.current();
        echoMetadata(call);
        ((ServerCallStreamObserver<StringValue>) responses).setOnCancelHandler(cancellations::incrementAndGet);
        return new StreamObserver<>() {
            @Override
            public void onNext(StringValue value) {
                responses.onNext(value);
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
                responses.onCompleted();
            }
        };
    }
}
