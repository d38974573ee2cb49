package test.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import test.streaming.Busy;
import test.streaming.Extended;
import test.streaming.ExtendedClient;
import test.streaming.ExtendedDescriptor;
import test.streaming.Note;
import test.streaming.Streaming;
import test.streaming.StreamingClient;
import test.streaming.StreamingDescriptor;
import test.streaming.Summary;
import test.streaming.Topic;

/** Uses the services generated from idl/streaming/streaming.thrift; run by ThriftStreamingTest. */
public final class ThriftStreamingDriver implements Runnable {

    static Note note(String text, int seq) {
        return Note.builder().text(text).seq(seq).build();
    }

    static Topic topic(String name) {
        return Topic.builder().name(name).build();
    }

    /** Implements every kind of method the way a user would. */
    static class Impl implements Extended {
        @Override
        public Summary count(Topic topic) throws Busy {
            if (topic.name().equals("busy")) {
                throw Busy.builder().reason("try later").build();
            }
            return Summary.builder().count(topic.name().length()).build();
        }

        @Override
        public void fire(Note note) {
        }

        @Override
        public Note echo(Note request) {
            return note("echo " + request.text(), request.seq());
        }

        @Override
        public void subscribe(Topic request, StreamObserver<Note> responseObserver) {
            for (int seq = 1; seq <= 2; seq++) {
                responseObserver.onNext(note(request.name(), seq));
            }
            responseObserver.onCompleted();
        }

        @Override
        public StreamObserver<Note> upload(StreamObserver<Summary> responseObserver) {
            return Observers.counting(responseObserver, count -> Summary.builder().count(count).build());
        }

        @Override
        public StreamObserver<Note> chat(StreamObserver<Note> responseObserver) {
            return Observers.replying(responseObserver, value -> note("re: " + value.text(), value.seq()));
        }

        @Override
        public Note hashCode_(Topic request) {
            return note("hash " + request.name(), 0);
        }

        @Override
        public test.streaming.MessageCodec convert(test.streaming.MessageCodec request) {
            return test.streaming.MessageCodec.builder().version(request.version() + 1).build();
        }

        @Override
        public StreamObserver<Note> tally(StreamObserver<Summary> responseObserver) {
            return upload(responseObserver);
        }
    }

    /** The asynchronous form: unary methods answer futures, streaming ones are as in the blocking form. */
    static final class AsyncImpl implements Extended.Async {
        private final Impl blocking = new Impl();

        @Override
        public CompletableFuture<Summary> count(Topic topic) {
            try {
                return CompletableFuture.completedFuture(blocking.count(topic));
            } catch (Busy busy) {
                return CompletableFuture.failedFuture(busy);
            }
        }

        @Override
        public CompletableFuture<Void> fire(Note note) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Note> echo(Note request) {
            return CompletableFuture.supplyAsync(() -> blocking.echo(request));
        }

        @Override
        public void subscribe(Topic request, StreamObserver<Note> responseObserver) {
            blocking.subscribe(request, responseObserver);
        }

        @Override
        public StreamObserver<Note> upload(StreamObserver<Summary> responseObserver) {
            return blocking.upload(responseObserver);
        }

        @Override
        public StreamObserver<Note> chat(StreamObserver<Note> responseObserver) {
            return blocking.chat(responseObserver);
        }

        @Override
        public CompletableFuture<Note> hashCode_(Topic request) {
            return CompletableFuture.completedFuture(blocking.hashCode_(request));
        }

        @Override
        public CompletableFuture<test.streaming.MessageCodec> convert(test.streaming.MessageCodec request) {
            return CompletableFuture.completedFuture(blocking.convert(request));
        }

        @Override
        public StreamObserver<Note> tally(StreamObserver<Summary> responseObserver) {
            return blocking.tally(responseObserver);
        }
    }

    @Override
    public void run() {
        try {
            descriptors();
            invokers(Extended.DESCRIPTOR, new Impl());
            invokers(Extended.Async.DESCRIPTOR, new AsyncImpl());
            invokers(Streaming.DESCRIPTOR, new Impl());
            codecs();
            plainMethodsOverThrift();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void descriptors() {
        ServiceDescriptor<Streaming> service = Streaming.DESCRIPTOR;
        assertThat(service.name()).isEqualTo("Streaming");
        assertThat(service.packageName()).isEqualTo("chatroom");
        assertThat(service.fullName()).isEqualTo("chatroom.Streaming");
        assertThat(service.payloadCodec()).isEqualTo(PayloadCodec.THRIFT);
        assertThat(service.type()).isEqualTo(Streaming.class);
        assertThat(service.methods()).extracting(MethodDescriptor::name).containsExactly("count", "fire");
        assertThat(service.methods()).containsExactly(StreamingDescriptor.COUNT, StreamingDescriptor.FIRE);
        assertThat(service.streamingMethods()).extracting(StreamingMethodDescriptor::name)
            .containsExactly("echo", "subscribe", "upload", "chat", "hashCode", "convert");
        assertThat(service.streamingMethods()).extracting(StreamingMethodDescriptor::kind).containsExactly(
            MethodKind.UNARY, MethodKind.SERVER_STREAMING, MethodKind.CLIENT_STREAMING, MethodKind.BIDI_STREAMING,
            MethodKind.UNARY, MethodKind.UNARY);
        assertThat(service.streamingMethods()).extracting(StreamingMethodDescriptor::fullName).containsExactly(
            "chatroom.Streaming/echo", "chatroom.Streaming/subscribe", "chatroom.Streaming/upload",
            "chatroom.Streaming/chat", "chatroom.Streaming/hashCode", "chatroom.Streaming/convert");
        assertThat(service.streamingMethods()).containsExactly(StreamingDescriptor.ECHO, StreamingDescriptor.SUBSCRIBE,
            StreamingDescriptor.UPLOAD, StreamingDescriptor.CHAT, StreamingDescriptor.HASH_CODE,
            StreamingDescriptor.CONVERT);
        assertThat(service.hasMethod("count")).isTrue();
        assertThat(service.hasMethod("chat")).isTrue();
        assertThat(service.method("chat")).isNull();

        ServiceDescriptor<Streaming.Async> async = Streaming.Async.DESCRIPTOR;
        assertThat(async.fullName()).isEqualTo("chatroom.Streaming");
        assertThat(async.type()).isEqualTo(Streaming.Async.class);
        assertThat(async.methods()).extracting(MethodDescriptor::name).containsExactly("count", "fire");
        assertThat(async.streamingMethods()).extracting(StreamingMethodDescriptor::fullName)
            .isEqualTo(service.streamingMethods().stream().map(StreamingMethodDescriptor::fullName).toList());
        assertThat(async.streamingMethods()).extracting(StreamingMethodDescriptor::kind)
            .isEqualTo(service.streamingMethods().stream().map(StreamingMethodDescriptor::kind).toList());

        // An extending service carries the inherited methods under its own name.
        ServiceDescriptor<Extended> extended = Extended.DESCRIPTOR;
        assertThat(extended.fullName()).isEqualTo("chatroom.Extended");
        assertThat(extended.methods()).extracting(MethodDescriptor::name).containsExactly("count", "fire");
        assertThat(extended.streamingMethods()).extracting(StreamingMethodDescriptor::fullName).containsExactly(
            "chatroom.Extended/echo", "chatroom.Extended/subscribe", "chatroom.Extended/upload",
            "chatroom.Extended/chat", "chatroom.Extended/hashCode", "chatroom.Extended/convert",
            "chatroom.Extended/tally");
        assertThat(ExtendedDescriptor.TALLY.kind()).isEqualTo(MethodKind.CLIENT_STREAMING);
        assertThat(Extended.Async.DESCRIPTOR.streamingMethods()).hasSize(7);
    }

    @SuppressWarnings("unchecked")
    private static <S> void invokers(ServiceDescriptor<S> service, S impl) throws Exception {
        StreamingMethodDescriptor<S, Note, Note> echo =
            (StreamingMethodDescriptor<S, Note, Note>) service.streamingMethod("echo");
        assertThat(echo.unaryInvoker().invoke(impl, note("hi", 1)).get()).isEqualTo(note("echo hi", 1));
        StreamingMethodDescriptor<S, Topic, Note> hash =
            (StreamingMethodDescriptor<S, Topic, Note>) service.streamingMethod("hashCode");
        assertThat(hash.unaryInvoker().invoke(impl, topic("t")).get().text()).isEqualTo("hash t");

        StreamingMethodDescriptor<S, Topic, Note> subscribe =
            (StreamingMethodDescriptor<S, Topic, Note>) service.streamingMethod("subscribe");
        Recorder<Note> notes = new Recorder<>();
        subscribe.serverStreamingInvoker().invoke(impl, topic("news"), notes);
        assertThat(notes.events).containsExactly(note("news", 1), note("news", 2), "completed");

        StreamingMethodDescriptor<S, Note, Summary> upload =
            (StreamingMethodDescriptor<S, Note, Summary>) service.streamingMethod("upload");
        Recorder<Summary> summary = new Recorder<>();
        StreamObserver<Note> uploads = upload.streamingInvoker().invoke(impl, summary);
        uploads.onNext(note("a", 1));
        uploads.onNext(note("b", 2));
        uploads.onNext(note("c", 3));
        uploads.onCompleted();
        assertThat(summary.events).containsExactly(Summary.builder().count(3).build(), "completed");

        StreamingMethodDescriptor<S, Note, Note> chat =
            (StreamingMethodDescriptor<S, Note, Note>) service.streamingMethod("chat");
        Recorder<Note> replies = new Recorder<>();
        StreamObserver<Note> said = chat.streamingInvoker().invoke(impl, replies);
        said.onNext(note("hello", 7));
        said.onCompleted();
        assertThat(replies.events).containsExactly(note("re: hello", 7), "completed");

        MethodDescriptor<S, Topic, Summary> count = (MethodDescriptor<S, Topic, Summary>) service.method("count");
        assertThat(count.invoker().invoke(impl, topic("four")).get().count()).isEqualTo(4);
    }

    /** A streaming method's messages are the Thrift binary encoding of the struct alone (reference §5.1). */
    private static void codecs() {
        assertThat(StreamingDescriptor.ECHO.requestCodec()).isSameAs(StreamingDescriptor.NOTE_CODEC);
        assertThat(StreamingDescriptor.ECHO.responseCodec()).isSameAs(StreamingDescriptor.NOTE_CODEC);
        assertThat(StreamingDescriptor.SUBSCRIBE.requestCodec()).isSameAs(StreamingDescriptor.TOPIC_CODEC);
        assertThat(StreamingDescriptor.UPLOAD.responseCodec()).isSameAs(StreamingDescriptor.SUMMARY_CODEC);
        assertThat(StreamingDescriptor.CONVERT.requestCodec()).isSameAs(StreamingDescriptor.MESSAGE_CODEC_CODEC);
        assertThat(ExtendedDescriptor.ECHO.requestCodec()).isSameAs(ExtendedDescriptor.NOTE_CODEC);

        // field 1 string "hi", field 2 i32 7, stop: no message header, no args wrapper.
        roundTrip(StreamingDescriptor.ECHO.requestCodec(), note("hi", 7),
            "0b 0001 00000002 6869 | 08 0002 00000007 | 00");
        roundTrip(StreamingDescriptor.SUBSCRIBE.requestCodec(), topic("news"), "0b 0001 00000004 6e657773 | 00");
        roundTrip(StreamingDescriptor.UPLOAD.responseCodec(), Summary.builder().count(3).build(),
            "08 0001 00000003 | 00");
        roundTrip(StreamingDescriptor.CONVERT.responseCodec(), test.streaming.MessageCodec.builder().version(2).build(),
            "08 0001 00000002 | 00");
    }

    private static <T> void roundTrip(MessageCodec<T> codec, T message, String hex) {
        ByteBuf written = Unpooled.buffer();
        try {
            codec.write(written, message);
            assertThat(WireBytes.hex(written)).isEqualTo(WireBytes.normalize(hex));
        } finally {
            written.release();
        }
        ByteBuf read = WireBytes.buffer(hex);
        try {
            assertThat(codec.read(read)).isEqualTo(message);
        } finally {
            read.release();
        }
    }

    /** The service's plain Thrift methods are served and called as in a service without streaming methods. */
    private static void plainMethodsOverThrift() {
        try (KitexServer server = KitexServer.builder().host("127.0.0.1").port(0)
                .service(Extended.DESCRIPTOR, new Impl()).build().start();
             ExtendedClient client = new ExtendedClient(ExtendedClient.builder("extended")
                .addresses("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(10)).build())) {
            assertThat(client).isInstanceOf(Extended.class);
            assertThat(client.async()).isInstanceOf(Extended.Async.class);
            assertThat(client.count(topic("three")).count()).isEqualTo(5);
            assertThat(client.async().count(topic("two")).join().count()).isEqualTo(3);
            assertThatThrownBy(() -> client.count(topic("busy"))).isInstanceOf(Busy.class)
                .extracting(error -> ((Busy) error).reason()).isEqualTo("try later");
        }
        try (StreamingClient client = new StreamingClient(StreamingClient.builder("streaming")
                .addresses("127.0.0.1:1").build())) {
            assertThat(client).isInstanceOf(Streaming.class);
        }
    }
}
