package test.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import kitex.test.shared.Note;
import kitex.test.shared.Notes;
import kitex.test.shared.NotesClient_;
import test.proto.streaming.Streaming;
import test.proto.streaming.StreamingClient;
import test.proto.streaming.StreamingDescriptor;
import test.proto.streaming.StreamingOuterClass.Reply;
import test.proto.streaming.StreamingOuterClass.Topic;

/** Uses the services generated from kitex/test/streaming.proto; run by ProtobufGeneratorTest. */
public final class ProtobufDriver implements Runnable {

    static Note note(String text, int seq) {
        return Note.newBuilder().setText(text).setSeq(seq).build();
    }

    /** Implements every kind of method the way a user would. */
    static class Impl implements Streaming {
        @Override
        public Reply echo(Note request) {
            return Reply.newBuilder().setText("echo " + request.getText()).build();
        }

        @Override
        public Empty ping(Empty request) {
            return request;
        }

        @Override
        public void subscribe(Topic request, StreamObserver<Note> responseObserver) {
            for (int seq = 1; seq <= 2; seq++) {
                responseObserver.onNext(note(request.getName(), seq));
            }
            responseObserver.onCompleted();
        }

        @Override
        public StreamObserver<Note> upload(StreamObserver<Reply.Summary> responseObserver) {
            return Observers.counting(responseObserver, count -> Reply.Summary.newBuilder().setCount(count).build());
        }

        @Override
        public StreamObserver<Note> chat(StreamObserver<Note> responseObserver) {
            return Observers.replying(responseObserver, value -> note("re: " + value.getText(), value.getSeq()));
        }

        @Override
        public Reply hashCode_(Topic request) {
            return Reply.newBuilder().setText("hash " + request.getName()).build();
        }

        @Override
        public Reply async_(Topic request) {
            return Reply.newBuilder().setText("async " + request.getName()).build();
        }
    }

    /** The asynchronous form: unary methods answer futures, streaming ones are as in the blocking form. */
    static final class AsyncImpl implements Streaming.Async {
        private final Impl blocking = new Impl();

        @Override
        public CompletableFuture<Reply> echo(Note request) {
            return CompletableFuture.supplyAsync(() -> blocking.echo(request));
        }

        @Override
        public CompletableFuture<Empty> ping(Empty request) {
            return CompletableFuture.completedFuture(request);
        }

        @Override
        public void subscribe(Topic request, StreamObserver<Note> responseObserver) {
            blocking.subscribe(request, responseObserver);
        }

        @Override
        public StreamObserver<Note> upload(StreamObserver<Reply.Summary> responseObserver) {
            return blocking.upload(responseObserver);
        }

        @Override
        public StreamObserver<Note> chat(StreamObserver<Note> responseObserver) {
            return blocking.chat(responseObserver);
        }

        @Override
        public CompletableFuture<Reply> hashCode_(Topic request) {
            return CompletableFuture.completedFuture(blocking.hashCode_(request));
        }

        @Override
        public CompletableFuture<Reply> async_(Topic request) {
            return CompletableFuture.completedFuture(blocking.async_(request));
        }
    }

    @Override
    public void run() {
        try {
            descriptors();
            invokers(Streaming.DESCRIPTOR, new Impl());
            invokers(Streaming.Async.DESCRIPTOR, new AsyncImpl());
            codecs();
            clients();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void descriptors() {
        ServiceDescriptor<Streaming> service = Streaming.DESCRIPTOR;
        assertThat(service.name()).isEqualTo("Streaming");
        assertThat(service.packageName()).isEqualTo("kitex.test");
        assertThat(service.fullName()).isEqualTo("kitex.test.Streaming");
        assertThat(service.payloadCodec()).isEqualTo(PayloadCodec.PROTOBUF);
        assertThat(service.type()).isEqualTo(Streaming.class);
        assertThat(service.streamingMethods()).extracting(StreamingMethodDescriptor::name)
            .containsExactly("Echo", "Ping", "Subscribe", "Upload", "Chat", "hash_code", "async");
        assertThat(service.streamingMethods()).extracting(StreamingMethodDescriptor::kind).containsExactly(
            MethodKind.UNARY, MethodKind.UNARY, MethodKind.SERVER_STREAMING, MethodKind.CLIENT_STREAMING,
            MethodKind.BIDI_STREAMING, MethodKind.UNARY, MethodKind.UNARY);
        assertThat(service.streamingMethods()).extracting(StreamingMethodDescriptor::fullName).containsExactly(
            "kitex.test.Streaming/Echo", "kitex.test.Streaming/Ping", "kitex.test.Streaming/Subscribe",
            "kitex.test.Streaming/Upload", "kitex.test.Streaming/Chat", "kitex.test.Streaming/hash_code",
            "kitex.test.Streaming/async");
        assertThat(service.streamingMethods()).containsExactly(StreamingDescriptor.ECHO, StreamingDescriptor.PING,
            StreamingDescriptor.SUBSCRIBE, StreamingDescriptor.UPLOAD, StreamingDescriptor.CHAT,
            StreamingDescriptor.HASH_CODE, StreamingDescriptor.ASYNC);
        ServiceDescriptor<Streaming.Async> async = Streaming.Async.DESCRIPTOR;
        assertThat(async.fullName()).isEqualTo("kitex.test.Streaming");
        assertThat(async.type()).isEqualTo(Streaming.Async.class);
        assertThat(async.streamingMethods()).extracting(StreamingMethodDescriptor::kind)
            .isEqualTo(service.streamingMethods().stream().map(StreamingMethodDescriptor::kind).toList());
        assertThat(Notes.DESCRIPTOR.fullName()).isEqualTo("kitex.test.shared.Notes");
        assertThat(Notes.DESCRIPTOR.streamingMethod("Get").fullName()).isEqualTo("kitex.test.shared.Notes/Get");
    }

    @SuppressWarnings("unchecked")
    private static <S> void invokers(ServiceDescriptor<S> service, S impl) throws Exception {
        StreamingMethodDescriptor<S, Note, Reply> echo =
            (StreamingMethodDescriptor<S, Note, Reply>) service.streamingMethod("Echo");
        assertThat(echo.unaryInvoker().invoke(impl, note("hi", 1)).get().getText()).isEqualTo("echo hi");
        StreamingMethodDescriptor<S, Topic, Reply> hash =
            (StreamingMethodDescriptor<S, Topic, Reply>) service.streamingMethod("hash_code");
        assertThat(hash.unaryInvoker().invoke(impl, Topic.newBuilder().setName("t").build()).get().getText())
            .isEqualTo("hash t");

        StreamingMethodDescriptor<S, Topic, Note> subscribe =
            (StreamingMethodDescriptor<S, Topic, Note>) service.streamingMethod("Subscribe");
        Recorder<Note> notes = new Recorder<>();
        subscribe.serverStreamingInvoker().invoke(impl, Topic.newBuilder().setName("news").build(), notes);
        assertThat(notes.events).containsExactly(note("news", 1), note("news", 2), "completed");

        StreamingMethodDescriptor<S, Note, Reply.Summary> upload =
            (StreamingMethodDescriptor<S, Note, Reply.Summary>) service.streamingMethod("Upload");
        Recorder<Reply.Summary> summary = new Recorder<>();
        StreamObserver<Note> uploads = upload.streamingInvoker().invoke(impl, summary);
        uploads.onNext(note("a", 1));
        uploads.onNext(note("b", 2));
        uploads.onNext(note("c", 3));
        uploads.onCompleted();
        assertThat(summary.events).containsExactly(Reply.Summary.newBuilder().setCount(3).build(), "completed");

        StreamingMethodDescriptor<S, Note, Note> chat =
            (StreamingMethodDescriptor<S, Note, Note>) service.streamingMethod("Chat");
        Recorder<Note> replies = new Recorder<>();
        StreamObserver<Note> said = chat.streamingInvoker().invoke(impl, replies);
        said.onNext(note("hello", 7));
        said.onCompleted();
        assertThat(replies.events).containsExactly(note("re: hello", 7), "completed");
    }

    private static void codecs() {
        Note sent = note("över the wire", 42);
        ByteBuf buffer = Unpooled.buffer();
        try {
            StreamingDescriptor.NOTE_CODEC.write(buffer, sent);
            assertThat(buffer.readableBytes()).isEqualTo(sent.getSerializedSize());
            assertThat(StreamingDescriptor.NOTE_CODEC.read(buffer)).isEqualTo(sent);
        } finally {
            buffer.release();
        }
        assertThat(StreamingDescriptor.ECHO.requestCodec()).isSameAs(StreamingDescriptor.NOTE_CODEC);
        assertThat(StreamingDescriptor.ECHO.responseCodec()).isSameAs(StreamingDescriptor.REPLY_CODEC);
        assertThat(StreamingDescriptor.UPLOAD.responseCodec()).isSameAs(StreamingDescriptor.SUMMARY_CODEC);
        assertThat(StreamingDescriptor.PING.requestCodec()).isSameAs(StreamingDescriptor.EMPTY_CODEC);
    }

    private static void awaitEvent(Recorder<?> recorder) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (recorder.events.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void clients() throws Exception {
        // Unary methods go as Kitex Protobuf to a real server on loopback; streaming ones need gRPC.
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(0)
            .service(Streaming.DESCRIPTOR, new Impl()).build().start();
        try (StreamingClient client = new StreamingClient(StreamingClient.builder("streaming")
            .addresses("127.0.0.1:" + server.port()).connectTimeout(Duration.ofSeconds(5))
            .rpcTimeout(Duration.ofSeconds(30)).rpcTimeout("Chat", Duration.ofSeconds(1)).build())) {
            assertThat(client.kitexClient().serviceName()).isEqualTo("streaming");
            assertThat(client.echo(note("x", 1)).getText()).isEqualTo("echo x");
            assertThat(client.async().echo(note("y", 2)).get().getText()).isEqualTo("echo y");
            assertThat(client.ping(Empty.getDefaultInstance())).isEqualTo(Empty.getDefaultInstance());
            assertThat(client.hashCode_(Topic.newBuilder().setName("h").build()).getText()).isEqualTo("hash h");
            assertThat(client.async().async_(Topic.newBuilder().setName("a").build()).get().getText())
                .isEqualTo("async a");
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
        try (StreamingClient client = new StreamingClient(StreamingClient.builder("streaming")
            .addresses("127.0.0.1:1").build())) {
            // Streaming calls go over gRPC whatever the transport: nothing listens at port 1.
            Recorder<Note> subscribed = new Recorder<>();
            client.subscribe(Topic.getDefaultInstance(), subscribed);
            Recorder<Reply.Summary> uploaded = new Recorder<>();
            client.async().upload(uploaded).onCompleted();
            Recorder<Note> chatted = new Recorder<>();
            client.chat(chatted).onNext(note("x", 1));
            for (Recorder<?> recorder : List.of(subscribed, uploaded, chatted)) {
                awaitEvent(recorder);
                assertThat(recorder.events).singleElement().isInstanceOf(ConnectFailedException.class);
            }
        }
        try (NotesClient_ notes = new NotesClient_(KitexClient.builder("notes", Notes.DESCRIPTOR).build())) {
            assertThat(notes).isInstanceOf(Notes.class);
        }
    }
}
