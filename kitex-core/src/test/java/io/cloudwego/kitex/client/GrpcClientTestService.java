package io.cloudwego.kitex.client;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.streaming.ClientResponseObserver;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Responses;
import java.util.concurrent.CompletableFuture;

/**
 * The methods the gRPC client tests call, as kitex-java descriptors over protobuf-java's well-known
 * types (so no protoc is needed); the peers implement them by these names.
 */
final class GrpcClientTestService {
    static final String SERVICE = "kitex.test.TestService";

    /** Marker interface: the tests only call, the peers implement. */
    interface Api {
    }

    static final MessageCodec<StringValue> TEXT = MessageCodec.of(StringValue.parser());
    static final MessageCodec<BytesValue> BYTES = MessageCodec.of(BytesValue.parser());
    static final MessageCodec<Empty> EMPTY = MessageCodec.of(Empty.parser());

    /** Answers with its request. */
    static final StreamingMethodDescriptor<Api, StringValue, StringValue> ECHO = unary("Echo", TEXT, TEXT);
    /** Answers with the size of its request. */
    static final StreamingMethodDescriptor<Api, BytesValue, StringValue> SIZE = unary("Size", BYTES, TEXT);
    /** Answers with as many bytes as the request says. */
    static final StreamingMethodDescriptor<Api, StringValue, BytesValue> BLOB = unary("Blob", TEXT, BYTES);
    /** Fails with the status {@code CODE:description} of its request. */
    static final StreamingMethodDescriptor<Api, StringValue, Empty> FAIL = unary("Fail", TEXT, EMPTY);
    /** Never answers; the peer records its cancellation. */
    static final StreamingMethodDescriptor<Api, StringValue, Empty> SLEEP = unary("Sleep", TEXT, EMPTY);
    /** Not implemented by the peers. */
    static final StreamingMethodDescriptor<Api, StringValue, StringValue> MISSING = unary("Missing", TEXT, TEXT);
    /** Answers with {@code n} messages "0".."n-1", {@code n} being the request. */
    static final StreamingMethodDescriptor<Api, StringValue, StringValue> COUNT =
        StreamingMethodDescriptor.serverStreaming(SERVICE + "/Count", TEXT, TEXT, (s, r, o) -> { });
    /**
     * Sends {@code n} messages of {@code size} bytes ({@code n:size}) as fast as the client's window lets
     * it, counting the times it found its call not ready.
     */
    static final StreamingMethodDescriptor<Api, StringValue, BytesValue> FLOOD =
        StreamingMethodDescriptor.serverStreaming(SERVICE + "/Flood", TEXT, BYTES, (s, r, o) -> { });
    /** Answers with its requests joined by commas. */
    static final StreamingMethodDescriptor<Api, StringValue, StringValue> COLLECT =
        StreamingMethodDescriptor.clientStreaming(SERVICE + "/Collect", TEXT, TEXT, (s, o) -> null);
    /** Answers each request with it; the peer records its cancellation. */
    static final StreamingMethodDescriptor<Api, StringValue, StringValue> CHAT =
        StreamingMethodDescriptor.bidiStreaming(SERVICE + "/Chat", TEXT, TEXT, (s, o) -> null);

    static final ServiceDescriptor<Api> DESCRIPTOR = ServiceDescriptor.protobuf(SERVICE, Api.class,
        ECHO, SIZE, BLOB, FAIL, SLEEP, MISSING, COUNT, FLOOD, COLLECT, CHAT);

    private GrpcClientTestService() {
    }

    private static <Req, Resp> StreamingMethodDescriptor<Api, Req, Resp> unary(String name, MessageCodec<Req> req,
                                                                          MessageCodec<Resp> resp) {
        return StreamingMethodDescriptor.unary(SERVICE + "/" + name, req, resp,
            (s, r) -> CompletableFuture.failedFuture(new UnsupportedOperationException()));
    }

    /** A plain observer forwarding to a {@link Responses}, for calls given no {@link ClientResponseObserver}. */
    static <Resp> StreamObserver<Resp> plain(Responses<?, Resp> responses) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Resp value) {
                responses.onNext(value);
            }

            @Override
            public void onError(Throwable error) {
                responses.onError(error);
            }

            @Override
            public void onCompleted() {
                responses.onCompleted();
            }
        };
    }
}
