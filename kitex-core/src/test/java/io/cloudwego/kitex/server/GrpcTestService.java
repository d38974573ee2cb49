package io.cloudwego.kitex.server;

import com.google.protobuf.BytesValue;
import com.google.protobuf.StringValue;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.util.concurrent.CompletableFuture;

/**
 * {@code service kitex.test.Echo} with one method of each kind, over protobuf-java's wrapper types,
 * described both for kitex-java (the server) and for grpc-java (the client). Tests plug their
 * handler behaviour into {@link Handlers}.
 */
interface GrpcTestService {
    String SERVICE = "kitex.test.Echo";

    CompletableFuture<StringValue> unary(StringValue request);

    void serverStream(StringValue request, StreamObserver<BytesValue> responses);

    StreamObserver<StringValue> clientStream(StreamObserver<StringValue> responses);

    StreamObserver<StringValue> bidi(StreamObserver<StringValue> responses);

    MessageCodec<StringValue> TEXT = MessageCodec.of(StringValue.parser());
    MessageCodec<BytesValue> BYTES = MessageCodec.of(BytesValue.parser());

    StreamingMethodDescriptor<GrpcTestService, StringValue, StringValue> UNARY =
        StreamingMethodDescriptor.unary(SERVICE + "/Unary", TEXT, TEXT, GrpcTestService::unary);
    StreamingMethodDescriptor<GrpcTestService, StringValue, BytesValue> SERVER_STREAM =
        StreamingMethodDescriptor.serverStreaming(SERVICE + "/ServerStream", TEXT, BYTES, GrpcTestService::serverStream);
    StreamingMethodDescriptor<GrpcTestService, StringValue, StringValue> CLIENT_STREAM =
        StreamingMethodDescriptor.clientStreaming(SERVICE + "/ClientStream", TEXT, TEXT, GrpcTestService::clientStream);
    StreamingMethodDescriptor<GrpcTestService, StringValue, StringValue> BIDI =
        StreamingMethodDescriptor.bidiStreaming(SERVICE + "/Bidi", TEXT, TEXT, GrpcTestService::bidi);

    ServiceDescriptor<GrpcTestService> DESCRIPTOR =
        ServiceDescriptor.protobuf(SERVICE, GrpcTestService.class, UNARY, SERVER_STREAM, CLIENT_STREAM, BIDI);

    /** The same methods as grpc-java sees them. */
    final class Client {
        static final MethodDescriptor<StringValue, StringValue> UNARY = method("Unary",
            MethodDescriptor.MethodType.UNARY, StringValue.getDefaultInstance(), StringValue.getDefaultInstance());
        static final MethodDescriptor<StringValue, BytesValue> SERVER_STREAM = method("ServerStream",
            MethodDescriptor.MethodType.SERVER_STREAMING, StringValue.getDefaultInstance(), BytesValue.getDefaultInstance());
        static final MethodDescriptor<StringValue, StringValue> CLIENT_STREAM = method("ClientStream",
            MethodDescriptor.MethodType.CLIENT_STREAMING, StringValue.getDefaultInstance(), StringValue.getDefaultInstance());
        static final MethodDescriptor<StringValue, StringValue> BIDI = method("Bidi",
            MethodDescriptor.MethodType.BIDI_STREAMING, StringValue.getDefaultInstance(), StringValue.getDefaultInstance());

        private Client() {
        }

        static <Req extends com.google.protobuf.Message, Resp extends com.google.protobuf.Message>
        MethodDescriptor<Req, Resp> method(String name, MethodDescriptor.MethodType type, Req request, Resp response) {
            return MethodDescriptor.<Req, Resp>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response)).build();
        }
    }

    /** An implementation whose behaviour each test sets; by default every method echoes. */
    final class Handlers implements GrpcTestService {
        volatile java.util.function.Function<StringValue, CompletableFuture<StringValue>> unary =
            request -> CompletableFuture.completedFuture(request);
        volatile java.util.function.BiConsumer<StringValue, StreamObserver<BytesValue>> serverStream =
            (request, responses) -> {
                int count = Integer.parseInt(request.getValue());
                for (int i = 0; i < count; i++) {
                    responses.onNext(BytesValue.of(com.google.protobuf.ByteString.copyFromUtf8("item-" + i)));
                }
                responses.onCompleted();
            };
        volatile java.util.function.Function<StreamObserver<StringValue>, StreamObserver<StringValue>> clientStream =
            responses -> new StreamObserver<>() {
                private final StringBuilder joined = new StringBuilder();

                @Override
                public void onNext(StringValue value) {
                    joined.append(joined.length() == 0 ? "" : ",").append(value.getValue());
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                    responses.onNext(StringValue.of(joined.toString()));
                    responses.onCompleted();
                }
            };
        volatile java.util.function.Function<StreamObserver<StringValue>, StreamObserver<StringValue>> bidi =
            responses -> new StreamObserver<>() {
                @Override
                public void onNext(StringValue value) {
                    responses.onNext(StringValue.of("echo:" + value.getValue()));
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                    responses.onCompleted();
                }
            };

        /** Back to the echoing defaults. */
        void reset() {
            Handlers defaults = new Handlers();
            unary = defaults.unary;
            serverStream = defaults.serverStream;
            clientStream = defaults.clientStream;
            bidi = defaults.bidi;
        }

        @Override
        public CompletableFuture<StringValue> unary(StringValue request) {
            return unary.apply(request);
        }

        @Override
        public void serverStream(StringValue request, StreamObserver<BytesValue> responses) {
            serverStream.accept(request, responses);
        }

        @Override
        public StreamObserver<StringValue> clientStream(StreamObserver<StringValue> responses) {
            return clientStream.apply(responses);
        }

        @Override
        public StreamObserver<StringValue> bidi(StreamObserver<StringValue> responses) {
            return bidi.apply(responses);
        }
    }
}
