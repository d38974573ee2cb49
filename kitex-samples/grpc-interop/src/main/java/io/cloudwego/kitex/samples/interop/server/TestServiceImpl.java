package io.cloudwego.kitex.samples.interop.server;

import com.google.protobuf.ByteString;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.samples.interop.EchoMetadata;
import io.cloudwego.kitex.samples.interop.Payloads;
import io.cloudwego.kitex.server.GrpcServerCall;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.PayloadType;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import io.grpc.testing.integration.TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code grpc.testing.TestService} as the gRPC interop test descriptions define it: responses of
 * the sizes asked for ({@code response_size}, {@code response_parameters}), the status asked for
 * ({@code response_status}), compressed or not as asked ({@code response_compressed}, and per
 * streamed message {@code compressed}), {@code interval_us} waits between streamed responses, the
 * request metadata {@code x-grpc-test-echo-initial} and {@code x-grpc-test-echo-trailing-bin}
 * echoed in the response headers and trailers, and {@code INVALID_ARGUMENT} for a request message
 * whose {@code expect_compressed} is set and says otherwise than how the message arrived.
 * {@code UnimplementedCall} answers UNIMPLEMENTED; the service
 * {@code grpc.testing.UnimplementedService} is not served at all.
 *
 * <p>Its unary methods are also served as Kitex Protobuf, where there is no metadata to echo and
 * no compression.
 */
@KitexService
public final class TestServiceImpl implements TestService, AutoCloseable {

    private static final String GZIP = "gzip";

    /** Sends streamed responses, so a handler's waits ({@code interval_us}) hold no handler thread. */
    private final ExecutorService sender = Executors.newCachedThreadPool(daemonThreads());

    @Override
    public Empty emptyCall(Empty request) {
        echoMetadata();
        return Empty.getDefaultInstance();
    }

    @Override
    public SimpleResponse unaryCall(SimpleRequest request) {
        GrpcServerCall call = echoMetadata();
        if (request.hasExpectCompressed()) {
            checkCompression(call, request.getExpectCompressed().getValue());
        }
        failIfAsked(request.getResponseStatus());
        if (call != null && request.getResponseCompressed().getValue()) {
            call.responseCompression(GZIP);
        }
        SimpleResponse.Builder response = SimpleResponse.newBuilder();
        if (request.getResponseSize() > 0) {
            response.setPayload(Payloads.zeros(request.getResponseSize()));
        }
        return response.build();
    }

    /** A response that differs on every call, marked as cacheable for a minute, as the descriptions ask. */
    @Override
    public SimpleResponse cacheableUnaryCall(SimpleRequest request) {
        GrpcServerCall call = echoMetadata();
        if (call != null) {
            call.responseHeaders().put("cache-control", "max-age=60, public");
        }
        return SimpleResponse.newBuilder().setPayload(Payload.newBuilder().setType(PayloadType.COMPRESSABLE)
            .setBody(ByteString.copyFromUtf8(String.valueOf(System.nanoTime())))).build();
    }

    @Override
    public void streamingOutputCall(StreamingOutputCallRequest request,
                                    StreamObserver<StreamingOutputCallResponse> responseObserver) {
        ResponseStream responses = responseStream(echoMetadata(), responseObserver);
        responses.send(request.getResponseParametersList());
        if (asked(request.getResponseStatus())) {
            responses.fail(statusError(request.getResponseStatus()));
        } else {
            responses.complete();
        }
    }

    @Override
    public StreamObserver<StreamingInputCallRequest> streamingInputCall(
        StreamObserver<StreamingInputCallResponse> responseObserver) {
        GrpcServerCall call = echoMetadata();
        AtomicInteger aggregated = new AtomicInteger();
        return new StreamObserver<>() {
            private boolean failed;

            @Override
            public void onNext(StreamingInputCallRequest request) {
                if (failed) {
                    return;
                }
                if (request.hasExpectCompressed()) {
                    try {
                        checkCompression(call, request.getExpectCompressed().getValue());
                    } catch (GrpcStatusException e) {
                        failed = true;
                        responseObserver.onError(e);
                        return;
                    }
                }
                aggregated.addAndGet(request.getPayload().getBody().size());
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                responseObserver.onNext(
                    StreamingInputCallResponse.newBuilder().setAggregatedPayloadSize(aggregated.get()).build());
                responseObserver.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<StreamingOutputCallRequest> fullDuplexCall(
        StreamObserver<StreamingOutputCallResponse> responseObserver) {
        ResponseStream responses = responseStream(echoMetadata(), responseObserver);
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingOutputCallRequest request) {
                if (asked(request.getResponseStatus())) {
                    responses.fail(statusError(request.getResponseStatus()));
                } else {
                    responses.send(request.getResponseParametersList());
                }
            }

            @Override
            public void onError(Throwable error) {
                responses.abandon();
            }

            @Override
            public void onCompleted() {
                responses.complete();
            }
        };
    }

    @Override
    public StreamObserver<StreamingOutputCallRequest> halfDuplexCall(
        StreamObserver<StreamingOutputCallResponse> responseObserver) {
        ResponseStream responses = responseStream(echoMetadata(), responseObserver);
        List<ResponseParameters> buffered = new ArrayList<>();
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingOutputCallRequest request) {
                buffered.addAll(request.getResponseParametersList());
            }

            @Override
            public void onError(Throwable error) {
                responses.abandon();
            }

            @Override
            public void onCompleted() {
                responses.send(buffered);
                responses.complete();
            }
        };
    }

    @Override
    public Empty unimplementedCall(Empty request) {
        echoMetadata();
        throw GrpcStatusException.of(GrpcStatus.Code.UNIMPLEMENTED,
            "grpc.testing.TestService/UnimplementedCall is not implemented, as the interop tests expect");
    }

    /** Stops the sender of streamed responses; calls still sending are cut short. */
    @Override
    public void close() {
        sender.shutdownNow();
    }

    /**
     * Copies the echo metadata of the request into the response headers and trailers, and returns
     * the gRPC call handled ({@code null} for a Kitex Protobuf call).
     */
    private static GrpcServerCall echoMetadata() {
        GrpcServerCall call = GrpcServerCall.current();
        if (call != null) {
            String initial = call.requestHeaders().get(EchoMetadata.INITIAL_KEY);
            if (initial != null) {
                call.responseHeaders().put(EchoMetadata.INITIAL_KEY, initial);
            }
            byte[] trailing = call.requestHeaders().getBinary(EchoMetadata.TRAILING_KEY);
            if (trailing != null) {
                call.responseTrailers().putBinary(EchoMetadata.TRAILING_KEY, trailing);
            }
        }
        return call;
    }

    /**
     * The streamed responses of {@code call}: compressed with gzip whenever a response's
     * {@code compressed} asks for it (the response encoding must be chosen before the first message).
     */
    private ResponseStream responseStream(GrpcServerCall call,
                                          StreamObserver<StreamingOutputCallResponse> responseObserver) {
        if (call == null) {
            return new ResponseStream(responseObserver, sender, compressed -> { });
        }
        call.responseCompression(GZIP);
        return new ResponseStream(responseObserver, sender, call::messageCompression);
    }

    /**
     * Fails with {@code INVALID_ARGUMENT} unless the request message being handled arrived compressed
     * exactly when {@code expected} (a Kitex Protobuf call, {@code call == null}, has no compression).
     */
    private static void checkCompression(GrpcServerCall call, boolean expected) {
        boolean compressed = call != null && call.requestMessageCompressed();
        if (compressed != expected) {
            throw GrpcStatusException.of(GrpcStatus.Code.INVALID_ARGUMENT, expected
                ? "the request message was expected compressed (expect_compressed) but arrived uncompressed"
                : "the request message was expected uncompressed (expect_compressed) but arrived compressed");
        }
    }

    private static boolean asked(EchoStatus status) {
        return status.getCode() != 0;
    }

    private static void failIfAsked(EchoStatus status) {
        if (asked(status)) {
            throw statusError(status);
        }
    }

    private static GrpcStatusException statusError(EchoStatus status) {
        GrpcStatus.Code code = GrpcStatus.Code.of(status.getCode());
        return new GrpcStatusException(GrpcStatus.of(code, status.getMessage()));
    }

    private static ThreadFactory daemonThreads() {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, "interop-responses-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
