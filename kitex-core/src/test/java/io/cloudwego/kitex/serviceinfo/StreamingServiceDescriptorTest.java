package io.cloudwego.kitex.serviceinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.PingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class StreamingServiceDescriptorTest {

    /** A service with a method of every kind, written as kitex-codegen generates it. */
    interface Greeter {
        StringValue hello(StringValue request);

        void count(StringValue request, StreamObserver<StringValue> responseObserver);

        StreamObserver<StringValue> collect(StreamObserver<StringValue> responseObserver);

        StreamObserver<StringValue> chat(StreamObserver<StringValue> responseObserver);
    }

    static final MessageCodec<StringValue> TEXT = MessageCodec.of(StringValue.parser());
    static final StreamingMethodDescriptor<Greeter, StringValue, StringValue> HELLO = StreamingMethodDescriptor.unary(
        "kitex.test.Greeter/Hello", TEXT, TEXT, (service, request) -> CompletableFuture.completedFuture(
            service.hello(request)));
    static final StreamingMethodDescriptor<Greeter, StringValue, StringValue> COUNT =
        StreamingMethodDescriptor.serverStreaming("kitex.test.Greeter/Count", TEXT, TEXT, Greeter::count);
    static final StreamingMethodDescriptor<Greeter, StringValue, StringValue> COLLECT =
        StreamingMethodDescriptor.clientStreaming("kitex.test.Greeter/Collect", TEXT, TEXT, Greeter::collect);
    static final StreamingMethodDescriptor<Greeter, StringValue, StringValue> CHAT =
        StreamingMethodDescriptor.bidiStreaming("kitex.test.Greeter/Chat", TEXT, TEXT, Greeter::chat);
    static final ServiceDescriptor<Greeter> GREETER =
        ServiceDescriptor.protobuf("kitex.test.Greeter", Greeter.class, HELLO, COUNT, COLLECT, CHAT);

    /** Records what it receives. */
    static class Recorder implements StreamObserver<StringValue> {
        final List<String> events = new ArrayList<>();

        @Override
        public void onNext(StringValue value) {
            events.add(value.getValue());
        }

        @Override
        public void onError(Throwable error) {
            events.add("error " + error.getMessage());
        }

        @Override
        public void onCompleted() {
            events.add("completed");
        }
    }

    static final class Impl implements Greeter {
        @Override
        public StringValue hello(StringValue request) {
            return StringValue.of("hello " + request.getValue());
        }

        @Override
        public void count(StringValue request, StreamObserver<StringValue> responseObserver) {
            for (int i = 1; i <= Integer.parseInt(request.getValue()); i++) {
                responseObserver.onNext(StringValue.of(Integer.toString(i)));
            }
            responseObserver.onCompleted();
        }

        @Override
        public StreamObserver<StringValue> collect(StreamObserver<StringValue> responseObserver) {
            StringBuilder all = new StringBuilder();
            return new Recorder() {
                @Override
                public void onNext(StringValue value) {
                    all.append(value.getValue());
                }

                @Override
                public void onCompleted() {
                    responseObserver.onNext(StringValue.of(all.toString()));
                    responseObserver.onCompleted();
                }
            };
        }

        @Override
        public StreamObserver<StringValue> chat(StreamObserver<StringValue> responseObserver) {
            return new Recorder() {
                @Override
                public void onNext(StringValue value) {
                    responseObserver.onNext(StringValue.of("re: " + value.getValue()));
                }

                @Override
                public void onCompleted() {
                    responseObserver.onCompleted();
                }
            };
        }
    }

    @Test
    void namesForKitexAndForGrpc() {
        assertThat(GREETER.name()).isEqualTo("Greeter");
        assertThat(GREETER.packageName()).isEqualTo("kitex.test");
        assertThat(GREETER.fullName()).isEqualTo("kitex.test.Greeter");
        assertThat(GREETER.payloadCodec()).isEqualTo(PayloadCodec.PROTOBUF);
        assertThat(GREETER.streamingMethods()).containsExactly(HELLO, COUNT, COLLECT, CHAT);
        assertThat(GREETER.streamingMethod("Count")).isSameAs(COUNT);
        assertThat(GREETER.hasMethod("Chat")).isTrue();
        assertThat(GREETER.hasMethod("chat")).isFalse();
        assertThat(GREETER.methods()).isEmpty();
        assertThat(GREETER.method("Hello")).isNull();
        assertThat(GREETER).hasToString("kitex.test.Greeter[Hello, Count, Collect, Chat]");
        assertThat(HELLO.name()).isEqualTo("Hello");
        assertThat(HELLO.fullName()).isEqualTo("kitex.test.Greeter/Hello");
        assertThat(HELLO.serviceFullName()).isEqualTo("kitex.test.Greeter");
        assertThat(CHAT).hasToString("BIDI_STREAMING kitex.test.Greeter/Chat");
    }

    @Test
    void aServiceWithoutPackage() {
        StreamingMethodDescriptor<Greeter, StringValue, StringValue> hello = StreamingMethodDescriptor.unary(
            "Greeter/Hello", TEXT, TEXT, (service, request) -> CompletableFuture.completedFuture(request));
        ServiceDescriptor<Greeter> bare = ServiceDescriptor.protobuf("Greeter", Greeter.class, hello);
        assertThat(bare.name()).isEqualTo("Greeter");
        assertThat(bare.packageName()).isEmpty();
        assertThat(bare.fullName()).isEqualTo("Greeter");
    }

    @Test
    void kinds() {
        assertThat(List.of(HELLO.kind(), COUNT.kind(), COLLECT.kind(), CHAT.kind())).containsExactly(
            MethodKind.UNARY, MethodKind.SERVER_STREAMING, MethodKind.CLIENT_STREAMING, MethodKind.BIDI_STREAMING);
        assertThat(MethodKind.UNARY.isStreaming()).isFalse();
        assertThat(MethodKind.ONEWAY.isStreaming()).isFalse();
        assertThat(MethodKind.SERVER_STREAMING.isServerStreaming()).isTrue();
        assertThat(MethodKind.SERVER_STREAMING.isClientStreaming()).isFalse();
        assertThat(MethodKind.CLIENT_STREAMING.isClientStreaming()).isTrue();
        assertThat(MethodKind.BIDI_STREAMING.isClientStreaming() && MethodKind.BIDI_STREAMING.isServerStreaming())
            .isTrue();
        assertThat(PingService.FIRE.kind()).isEqualTo(MethodKind.ONEWAY);
        assertThat(PingService.DESCRIPTOR.payloadCodec()).isEqualTo(PayloadCodec.THRIFT);
        assertThat(PingService.DESCRIPTOR.fullName()).isEqualTo("Ping");
        assertThat(PingService.DESCRIPTOR.packageName()).isEmpty();
        assertThat(PingService.DESCRIPTOR.streamingMethods()).isEmpty();
        assertThat(PingService.DESCRIPTOR.hasMethod("fire")).isTrue();
    }

    @Test
    void invokersCallTheImplementationOfEveryKind() throws Exception {
        Impl impl = new Impl();
        assertThat(HELLO.unaryInvoker().invoke(impl, StringValue.of("kitex")).get())
            .isEqualTo(StringValue.of("hello kitex"));

        Recorder counted = new Recorder();
        COUNT.serverStreamingInvoker().invoke(impl, StringValue.of("3"), counted);
        assertThat(counted.events).containsExactly("1", "2", "3", "completed");

        Recorder collected = new Recorder();
        StreamObserver<StringValue> requests = COLLECT.streamingInvoker().invoke(impl, collected);
        requests.onNext(StringValue.of("a"));
        requests.onNext(StringValue.of("b"));
        requests.onCompleted();
        assertThat(collected.events).containsExactly("ab", "completed");

        Recorder chatted = new Recorder();
        StreamObserver<StringValue> said = CHAT.streamingInvoker().invoke(impl, chatted);
        said.onNext(StringValue.of("hi"));
        said.onCompleted();
        assertThat(chatted.events).containsExactly("re: hi", "completed");
    }

    @Test
    void anInvokerOfAnotherKindIsRefused() {
        assertThatThrownBy(HELLO::streamingInvoker).isInstanceOf(IllegalStateException.class)
            .hasMessage("kitex.test.Greeter/Hello is UNARY, not client or bidirectional streaming");
        assertThatThrownBy(COUNT::unaryInvoker).hasMessage("kitex.test.Greeter/Count is SERVER_STREAMING, not UNARY");
        assertThatThrownBy(CHAT::serverStreamingInvoker)
            .hasMessage("kitex.test.Greeter/Chat is BIDI_STREAMING, not SERVER_STREAMING");
    }

    @Test
    void badNamesAreRefused() {
        for (String bad : List.of("Hello", "/Hello", "kitex.test.Greeter/", "a/b/c")) {
            assertThatThrownBy(() -> StreamingMethodDescriptor.unary(bad, TEXT, TEXT,
                (Greeter service, StringValue request) -> CompletableFuture.completedFuture(request)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> ServiceDescriptor.protobuf("other.Greeter", Greeter.class, HELLO))
            .hasMessage("method kitex.test.Greeter/Hello is not of service other.Greeter");
        assertThatThrownBy(() -> ServiceDescriptor.protobuf("kitex.test.Greeter", Greeter.class, HELLO, HELLO))
            .hasMessage("service Greeter has two methods named Hello");
    }

    @Test
    void clientsCallUnaryProtobufMethodsAndStreamingOnesOverGrpc() {
        try (KitexClient client = KitexClient.builder("greeter", GREETER).addresses("127.0.0.1:1")
            .rpcTimeout("Chat", Duration.ofSeconds(1)).build()) {
            // Nothing listens on port 1: the unary call is made, and fails to connect.
            assertThat(client.call(HELLO, StringValue.of("x"))).failsWithin(Duration.ofSeconds(30))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ConnectFailedException.class);
            assertThatThrownBy(() -> client.bidiStreamingCall(COLLECT, new Recorder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kitex.test.Greeter/Collect is CLIENT_STREAMING, not BIDI_STREAMING");
            assertThatThrownBy(() -> client.call(COUNT, StringValue.of("1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kitex.test.Greeter/Count is SERVER_STREAMING, not UNARY");
        }
    }

    @Test
    void serversAcceptProtobufServices() {
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(0).service(GREETER, new Impl()).build();
        server.close();
    }
}
