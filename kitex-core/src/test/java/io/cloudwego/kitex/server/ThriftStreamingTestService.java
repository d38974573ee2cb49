package io.cloudwego.kitex.server;

import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.StringResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A Thrift service with one plain method and one method of each {@code streaming.mode}, described by
 * hand as generated code would describe it:
 *
 * <pre>
 * namespace go kitex.test.thriftgrpc
 * struct Text { 1: string value }
 * service StreamService {
 *     string Echo(1: string value)
 *     Text Unary(1: Text req) (streaming.mode="unary")
 *     Text ServerStream(1: Text req) (streaming.mode="server")
 *     Text ClientStream(1: Text req) (streaming.mode="client")
 *     Text Bidi(1: Text req) (streaming.mode="bidirectional")
 * }
 * </pre>
 *
 * The Java type of {@code Text} is {@link String}. Kitex puts the last segment of
 * {@code namespace go} in the gRPC path: {@code /thriftgrpc.StreamService/Unary}. Tests plug their
 * handler behaviour into {@link Handlers}.
 */
interface ThriftStreamingTestService {
    String PACKAGE = "thriftgrpc";
    String NAME = "StreamService";
    String FULL_NAME = PACKAGE + "." + NAME;

    CompletableFuture<String> echo(String value);

    CompletableFuture<String> unary(String request);

    void serverStream(String request, StreamObserver<String> responses);

    StreamObserver<String> clientStream(StreamObserver<String> responses);

    StreamObserver<String> bidi(StreamObserver<String> responses);

    /** {@code struct Text { 1: string value }}, which is also the args struct of {@code Echo}. */
    ThriftCodec<String> TEXT = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, String value) {
            out.writeFieldBegin(ThriftType.STRING, (short) 1);
            out.writeString(value);
            out.writeFieldStop();
        }

        @Override
        public String read(ThriftReader in) {
            String value = "";
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                short id = in.readFieldId();
                if (id == 1 && type == ThriftType.STRING) {
                    value = in.readString();
                } else {
                    in.skip(type);
                }
            }
            return value;
        }
    };

    MessageCodec<String> MESSAGE = MessageCodec.thrift(TEXT);

    MethodDescriptor<ThriftStreamingTestService, String, String> ECHO =
        MethodDescriptor.of("Echo", TEXT, new StringResult("Echo"), ThriftStreamingTestService::echo);
    StreamingMethodDescriptor<ThriftStreamingTestService, String, String> UNARY =
        StreamingMethodDescriptor.unary(FULL_NAME + "/Unary", MESSAGE, MESSAGE, ThriftStreamingTestService::unary);
    StreamingMethodDescriptor<ThriftStreamingTestService, String, String> SERVER_STREAM =
        StreamingMethodDescriptor.serverStreaming(FULL_NAME + "/ServerStream", MESSAGE, MESSAGE,
            ThriftStreamingTestService::serverStream);
    StreamingMethodDescriptor<ThriftStreamingTestService, String, String> CLIENT_STREAM =
        StreamingMethodDescriptor.clientStreaming(FULL_NAME + "/ClientStream", MESSAGE, MESSAGE,
            ThriftStreamingTestService::clientStream);
    StreamingMethodDescriptor<ThriftStreamingTestService, String, String> BIDI =
        StreamingMethodDescriptor.bidiStreaming(FULL_NAME + "/Bidi", MESSAGE, MESSAGE, ThriftStreamingTestService::bidi);

    ServiceDescriptor<ThriftStreamingTestService> DESCRIPTOR = ServiceDescriptor.thrift(PACKAGE, NAME,
        ThriftStreamingTestService.class, List.of(ECHO), List.of(UNARY, SERVER_STREAM, CLIENT_STREAM, BIDI));

    /**
     * An implementation whose behaviour each test sets. By default Echo and Unary echo; ServerStream
     * sends as many responses as its request says; ClientStream joins its requests with commas;
     * Bidi answers each request with {@code echo:} and it.
     */
    final class Handlers implements ThriftStreamingTestService {
        volatile Function<String, CompletableFuture<String>> unary = CompletableFuture::completedFuture;
        volatile BiConsumer<String, StreamObserver<String>> serverStream = (request, responses) -> {
            int count = Integer.parseInt(request);
            for (int i = 0; i < count; i++) {
                responses.onNext("item-" + i);
            }
            responses.onCompleted();
        };
        volatile Function<StreamObserver<String>, StreamObserver<String>> bidi = responses -> new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                responses.onNext("echo:" + value);
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
                responses.onCompleted();
            }
        };

        @Override
        public CompletableFuture<String> echo(String value) {
            return CompletableFuture.completedFuture(value);
        }

        @Override
        public CompletableFuture<String> unary(String request) {
            return unary.apply(request);
        }

        @Override
        public void serverStream(String request, StreamObserver<String> responses) {
            serverStream.accept(request, responses);
        }

        @Override
        public StreamObserver<String> clientStream(StreamObserver<String> responses) {
            return new StreamObserver<>() {
                private final StringBuilder joined = new StringBuilder();

                @Override
                public void onNext(String value) {
                    joined.append(joined.length() == 0 ? "" : ",").append(value);
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                    responses.onNext(joined.toString());
                    responses.onCompleted();
                }
            };
        }

        @Override
        public StreamObserver<String> bidi(StreamObserver<String> responses) {
            return bidi.apply(responses);
        }
    }
}
